using System.Diagnostics;
using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Admin;

/// <summary>
/// A consumer that follows the feed's cursor while IdPs write concurrently sees every event once, in order: an event
/// never becomes readable after a later one has been read.
/// </summary>
public sealed class EventFeedConsumerTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const int Writers = 8;
    private const int UsersPerWriter = 5;

    [Fact]
    public async Task A_consumer_following_the_cursor_during_eight_concurrent_writers_sees_every_event_once_in_order()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var writersDone = new TaskCompletionSource();

        var consumer = Task.Run(async () =>
        {
            var seen = new List<(long Sequence, string Id, string Type, string ResourceId, string? RequestId)>();
            var readWhileWriting = 0;
            string? after = null;
            var clock = Stopwatch.StartNew();
            while (true)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromMinutes(3), $"The consumer did not catch up; it saw {seen.Count} events.");
                var doneBeforeRead = writersDone.Task.IsCompleted;
                var page = await admin.GetAsync(AdminClient.EventsUrl(scim.TenantId!, after, limit: 7));
                Assert.Equal(HttpStatusCode.OK, page.Status);
                foreach (var e in page.Json["events"]!.AsArray())
                {
                    seen.Add(((long)e!["sequence"]!, (string)e["id"]!, (string)e["type"]!, (string)e["resource"]!["id"]!, (string?)e["requestId"]));
                }
                after = (string?)page.Json["next"];
                if (!doneBeforeRead)
                {
                    readWhileWriting += page.Json["events"]!.AsArray().Count;
                }
                if (doneBeforeRead && !(bool)page.Json["hasMore"]!)
                {
                    return (seen, readWhileWriting);
                }
                if (!(bool)page.Json["hasMore"]!)
                {
                    await Task.Delay(5);
                }
            }
        });
        var expected = new List<(string Type, string ResourceId, string RequestId)>();
        try
        {
            var written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(scim, w))));
            expected.AddRange(written.SelectMany(w => w));
        }
        finally
        {
            writersDone.SetResult();
        }
        var (events, readWhileWriting) = await consumer;

        Assert.True(readWhileWriting > 0, "The consumer read nothing while the writers wrote: the test proved nothing about concurrency.");
        Assert.Equal(Writers * (3 * UsersPerWriter + 1 + 2 + 1), expected.Count);
        Assert.Equal(expected.Count, events.Count);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(
            expected.Select(e => $"{e.RequestId} {e.Type} {e.ResourceId}").Order(StringComparer.Ordinal),
            events.Select(e => $"{e.RequestId} {e.Type} {e.ResourceId}").Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// One IdP's work: users created, given a title, deactivated; a group that gains two of them; a user deleted.
    /// Returns the events these writes must produce, each with the request id of the write.
    /// </summary>
    private static async Task<List<(string Type, string ResourceId, string RequestId)>> WriteAsync(ScimClient scim, int writer)
    {
        var expected = new List<(string, string, string)>();
        var step = 0;
        string NextRequest() => $"w{writer}-{step++}";
        var users = new List<string>();
        for (var i = 0; i < UsersPerWriter; i++)
        {
            var request = NextRequest();
            var created = await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser($"w{writer}u{i}@example.com"), request);
            Assert.Equal(HttpStatusCode.Created, created.Status);
            var id = (string)created.Json["id"]!;
            users.Add(id);
            expected.Add(("user.created", id, request));

            request = NextRequest();
            Assert.Equal(HttpStatusCode.OK, (await scim.PatchWithRequestIdAsync($"/Users/{id}", """[{ "op": "replace", "path": "title", "value": "Writer" }]""", request)).Status);
            expected.Add(("user.updated", id, request));

            request = NextRequest();
            Assert.Equal(HttpStatusCode.OK, (await scim.PatchWithRequestIdAsync($"/Users/{id}", """[{ "op": "replace", "path": "active", "value": false }]""", request)).Status);
            expected.Add(("user.deactivated", id, request));
        }
        var groupRequest = NextRequest();
        var group = await scim.PostWithRequestIdAsync("/Groups", ScimClient.NewGroup($"Writers {writer}"), groupRequest);
        Assert.Equal(HttpStatusCode.Created, group.Status);
        var groupId = (string)group.Json["id"]!;
        expected.Add(("group.created", groupId, groupRequest));

        var addRequest = NextRequest();
        var add = $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{users[0]}}" }, { "value": "{{users[1]}}" }] }]""";
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchWithRequestIdAsync($"/Groups/{groupId}", add, addRequest)).Status);
        expected.Add(("group.user_added", groupId, addRequest));
        expected.Add(("group.user_added", groupId, addRequest));

        var deleteRequest = NextRequest();
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteWithRequestIdAsync($"/Users/{users[^1]}", deleteRequest)).Status);
        expected.Add(("user.deleted", users[^1], deleteRequest));
        return expected;
    }
}
