using System.Net;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;
using Xunit.Abstractions;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// DESIGN's "down to storage once": each of the requests an IdP sends most opens one connection, and a write reads
/// what its response shows in its own transaction. The statement counts are written to the test output.
/// </summary>
public sealed class StorageTripsTests(ITestOutputHelper output) : IDisposable
{
    // A stopped clock keeps the token and the settings remembered, so no request reads them because a cache expired.
    private readonly TripCountingFactory server = new()
    {
        Time = new StoppedClock(TimeProvider.System.GetUtcNow()),
        Settings = { ["Provisio:RateLimits:Enabled"] = "false" },
        Logs = new CapturedLogs(),
    };

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task The_requests_of_a_sync_each_open_one_connection()
    {
        var scim = await server.CreateTenantAsync();
        var warmUp = await scim.PostAsync("/Users", ScimClient.NewUser("warm-up@example.com"));
        Assert.True(warmUp.Status == HttpStatusCode.Created, string.Join("\n", server.Logs!.Lines.Select(l => l.Message)));
        var members = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            members.Add((string)(await scim.CreateUserAsync($"member{i}@example.com"))["id"]!);
        }
        var group = (string)(await scim.CreateGroupAsync("Engineering"))["id"]!;

        var created = await scim.PostAsync("/Users", ScimClient.NewUser("new@example.com"));
        var id = (string)created.Json["id"]!;
        var deactivated = await scim.PatchAsync($"/Users/{id}", """[{ "op": "Replace", "path": "active", "value": false }]""");
        // The user looked up below is in the group, so the lookup shows its groups.
        members[^1] = id;
        var added = await scim.PatchAsync($"/Groups/{group}",
            $$"""[{ "op": "Add", "path": "members", "value": [{{string.Join(", ", members.Select(m => $$"""{ "value": "{{m}}" }"""))}}] }]""");
        var lookup = "/Users?filter=" + Uri.EscapeDataString("userName eq \"new@example.com\"");
        var found = await scim.GetAsync(lookup);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal(HttpStatusCode.OK, deactivated.Status);
        Assert.Equal(100, added.Json["members"]!.AsArray().Count);
        Assert.Equal(1, (int)found.Json["totalResults"]!);
        var trips = new (string Request, TripCountingFactory.Trips Trips)[]
        {
            ("POST /Users", server.For(HttpMethod.Post, scim.BasePath + "/Users")),
            ("PATCH /Users active", server.For(PatchRequests.Patch, $"{scim.BasePath}/Users/{id}")),
            ("PATCH /Groups add 100 members", server.For(PatchRequests.Patch, $"{scim.BasePath}/Groups/{group}")),
            ("GET /Users?filter=userName eq", server.For(HttpMethod.Get, scim.BasePath + lookup)),
        };
        foreach (var (request, counted) in trips)
        {
            output.WriteLine($"{request}: {counted}");
        }
        Assert.All(trips, t => Assert.Equal(1, t.Trips.Connections));
        // The user's groups come with the user, in one statement.
        Assert.Equal(1, trips[^1].Trips.Statements);
        Assert.Single(found.Json["Resources"]![0]!["groups"]!.AsArray());
#if POSTGRES
        // Each statement or batch of them is a round trip: the audit row, the events and their sequence numbers go in
        // one; before it the create inserts the row, its e-mail values and its count slot in one, and the PATCH reads the
        // row, updates it and reads the user's groups.
        Assert.Equal(2, trips[0].Trips.Statements);
        Assert.Equal(5, trips[1].Trips.Statements);
#endif
    }

    [Fact]
    public async Task Only_pages_that_read_their_own_rows_alone_carry_their_users_groups()
    {
        var scim = await server.CreateTenantAsync();
        var users = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            users.Add((string)(await scim.CreateUserAsync($"user{i}@example.com", u => u["emails"]![0]!["value"] = "shared@example.com"))["id"]!);
        }
        await scim.CreateGroupAsync("Everyone", [.. users]);
        var byUserName = "/Users?filter=" + Uri.EscapeDataString("userName eq \"user1@example.com\"");
        var byEmail = "/Users?filter=" + Uri.EscapeDataString("emails.value eq \"shared@example.com\"") + "&count=1";
        var sorted = "/Users?sortBy=userName&count=1";

        foreach (var path in new[] { byUserName, byEmail, sorted })
        {
            var listed = await scim.GetAsync(path);
            Assert.Equal("Everyone", (string)listed.Json["Resources"]![0]!["groups"]![0]!["display"]!);
        }

        // A userName matches one user; several users may share an email, and SQLite sorts them before the page is cut,
        // computing every column of every match: those pages read their groups apart, for the page's users alone
        // (after the page and the total: counted for the email, kept by writes for the unfiltered list).
        Assert.Equal(1, server.For(HttpMethod.Get, scim.BasePath + byUserName).Statements);
        Assert.Equal(3, server.For(HttpMethod.Get, scim.BasePath + byEmail).Statements);
#if POSTGRES
        // A sort scans: PostgreSQL bounds the scan's time around it (SET and RESET statement_timeout).
        Assert.Equal(5, server.For(HttpMethod.Get, scim.BasePath + sorted).Statements);
#else
        Assert.Equal(3, server.For(HttpMethod.Get, scim.BasePath + sorted).Statements);
#endif
    }

    [Fact]
    public async Task A_get_on_PostgreSQL_reads_a_users_groups_or_a_groups_members_with_it_unless_they_need_the_climb()
    {
        var scim = await server.CreateTenantAsync();
        var direct = (string)(await scim.CreateUserAsync("direct@example.com"))["id"]!;
        var nested = (string)(await scim.CreateUserAsync("nested@example.com"))["id"]!;
        var everyone = (string)(await scim.CreateGroupAsync("Everyone", direct))["id"]!;
        var inner = (string)(await scim.CreateGroupAsync("Inner", nested))["id"]!;
        await scim.CreateGroupAsync("Outer", inner);

        var readDirect = await scim.GetAsync($"/Users/{direct}");
        var readNested = await scim.GetAsync($"/Users/{nested}");
        var readGroup = await scim.GetAsync($"/Groups/{everyone}");

        Assert.Equal("Everyone", (string)readDirect.Json["groups"]![0]!["display"]!);
        Assert.Equal(2, readNested.Json["groups"]!.AsArray().Count);
        var one = server.For(HttpMethod.Get, $"{scim.BasePath}/Users/{direct}");
        var climbed = server.For(HttpMethod.Get, $"{scim.BasePath}/Users/{nested}");
        output.WriteLine($"GET /Users/{{id}}: {one}; in a nested group: {climbed}");
        var group = server.For(HttpMethod.Get, $"{scim.BasePath}/Groups/{everyone}");
        Assert.Equal(direct, (string)readGroup.Json["members"]![0]!["value"]!);
#if POSTGRES
        Assert.Equal(1, one.Connections);
        Assert.Equal(1, one.Statements);
        Assert.Equal(1, group.Connections);
        Assert.Equal(1, group.Statements);
#else
        // In process, streaming the membership costs less than carrying it: the row, then its own statement.
        Assert.Equal(2, one.Statements);
        Assert.Equal(2, group.Statements);
#endif
        // A nested group's users stream their groups after the row, as before: the direct ones, then the climb.
        Assert.Equal(3, climbed.Statements);
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
