using System.Net;
using System.Text.RegularExpressions;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Admin;

/// <summary>GET /api/tenants/{tenant}/events: SCIM writes as events, in sequence order, paged by a cursor.</summary>
public sealed partial class EventFeedTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Scim_writes_show_up_as_events_with_their_type_sequence_request_id_and_token()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var user = (await scim.PostWithRequestIdAsync("/Users", ScimClient.NewUser("ada@example.com"), "req-create")).Json;
        var id = (string)user["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchWithRequestIdAsync($"/Users/{id}", """[{ "op": "replace", "path": "title", "value": "Engineer" }]""", "req-title")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchWithRequestIdAsync($"/Users/{id}", """[{ "op": "replace", "path": "active", "value": false }]""", "req-leave")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteWithRequestIdAsync($"/Users/{id}", "req-delete")).Status);

        var page = await admin.GetAsync($"/api/tenants/{scim.TenantId}/events");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var events = page.Json["events"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(["user.created", "user.updated", "user.deactivated", "user.deleted"], events.Select(e => (string)e["type"]!));
        Assert.Equal([1L, 2L, 3L, 4L], events.Select(e => (long)e["sequence"]!));
        Assert.Equal(["req-create", "req-title", "req-leave", "req-delete"], events.Select(e => (string)e["requestId"]!));
        Assert.Equal(4, events.Select(e => (string)e["id"]!).Distinct().Count());
        Assert.All(events, e =>
        {
            Assert.Equal(scim.TenantId, (string)e["tenant"]!);
            Assert.Matches(IsoMilliseconds(), (string)e["occurredAt"]!);
            Assert.Equal(scim.TokenId, (string)e["actor"]!["tokenId"]!);
            Assert.Equal("test", (string)e["actor"]!["tokenName"]!);
            Assert.Equal("User", (string)e["resource"]!["type"]!);
            Assert.Equal(id, (string)e["resource"]!["id"]!);
            Assert.Equal(id, (string)e["data"]!["id"]!);
        });
        Assert.Equal(["title"], events[1]["changedAttributes"]!.AsArray().Select(a => (string)a!));
        Assert.False(events[0].ContainsKey("changedAttributes"));
        Assert.Equal("Engineer", (string)events[1]["data"]!["title"]!);
        Assert.Equal("4", (string)page.Json["next"]!);
        Assert.False((bool)page.Json["hasMore"]!);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(250)]
    public async Task A_write_with_more_events_than_one_insert_carries_keeps_them_all_in_sequence(int members)
    {
        // 60 members: on SQLite one prepared single-row INSERT run 60 times, on PostgreSQL one INSERT that also takes
        // their sequence numbers; 250: on PostgreSQL more than one statement holds (200 rows), so the numbers are
        // reserved first and the events inserted in two.
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var group = (string)(await scim.CreateGroupAsync("Many"))["id"]!;
        var users = new List<string>();
        for (var i = 0; i < members; i++)
        {
            users.Add((string)(await scim.CreateUserAsync($"many{i}@example.com"))["id"]!);
        }
        var before = (await admin.ReadAllEventsAsync(scim.TenantId!)).Events.Count;

        var added = await scim.PatchWithRequestIdAsync($"/Groups/{group}",
            $$"""[{ "op": "add", "path": "members", "value": [{{string.Join(", ", users.Select(u => $$"""{ "value": "{{u}}" }"""))}}] }]""", "req-many");

        Assert.Equal(HttpStatusCode.OK, added.Status);
        var events = (await admin.ReadAllEventsAsync(scim.TenantId!)).Events.Skip(before).ToList();
        var joined = events.Where(e => (string)e["type"]! == "group.user_added").ToList();
        Assert.Equal(users.Order(StringComparer.Ordinal), joined.Select(e => (string)e["data"]!["member"]!["id"]!).Order(StringComparer.Ordinal));
        Assert.All(joined, e => Assert.Equal("req-many", (string)e["requestId"]!));
        Assert.Equal(Enumerable.Range(before + 1, events.Count).Select(i => (long)i), events.Select(e => (long)e["sequence"]!));
        Assert.Equal(events.Count, events.Select(e => (string)e["id"]!).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task A_write_without_a_request_id_has_a_null_request_id()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await scim.CreateUserAsync("norequest@example.com");

        var only = (await admin.GetAsync($"/api/tenants/{scim.TenantId}/events")).Json["events"]!.AsArray().Single()!;

        Assert.True(only.AsObject().ContainsKey("requestId"));
        Assert.Null(only["requestId"]);
    }

    [Fact]
    public async Task Paging_with_a_small_limit_returns_each_event_exactly_once()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        for (var i = 0; i < 11; i++)
        {
            await scim.CreateUserAsync($"page{i}@example.com");
        }

        var (events, next) = await admin.ReadAllEventsAsync(scim.TenantId!, limit: 3);

        Assert.Equal(Enumerable.Range(1, 11).Select(i => (long)i), events.Select(e => (long)e["sequence"]!));
        Assert.Equal("11", next);
        var first = await admin.GetAsync(AdminClient.EventsUrl(scim.TenantId!, null, 3));
        Assert.True((bool)first.Json["hasMore"]!);
        Assert.Equal("3", (string)first.Json["next"]!);
    }

    [Fact]
    public async Task An_empty_page_hands_back_the_cursor_it_was_given_or_null()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var fresh = await admin.GetAsync($"/api/tenants/{scim.TenantId}/events");
        Assert.Empty(fresh.Json["events"]!.AsArray());
        Assert.Null(fresh.Json["next"]);
        Assert.False((bool)fresh.Json["hasMore"]!);

        await scim.CreateUserAsync("one@example.com");
        var (_, next) = await admin.ReadAllEventsAsync(scim.TenantId!);
        var caughtUp = await admin.GetAsync(AdminClient.EventsUrl(scim.TenantId!, next, 10));
        Assert.Empty(caughtUp.Json["events"]!.AsArray());
        Assert.Equal(next, (string)caughtUp.Json["next"]!);

        await scim.CreateUserAsync("two@example.com");
        var later = await admin.GetAsync(AdminClient.EventsUrl(scim.TenantId!, next, 10));
        Assert.Equal("two@example.com", (string)later.Json["events"]!.AsArray().Single()!["data"]!["userName"]!);
    }

    [Fact]
    public async Task The_types_filter_returns_only_those_types()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var user = (string)(await scim.CreateUserAsync("types@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Team"))["id"]!;
        await scim.PatchWithRequestIdAsync($"/Users/{user}", """[{ "op": "replace", "path": "active", "value": false }]""", "r1");
        await scim.PatchWithRequestIdAsync($"/Groups/{group}", $$"""[{ "op": "add", "path": "members", "value": [{ "value": "{{user}}" }] }]""", "r2");

        var (events, _) = await admin.ReadAllEventsAsync(scim.TenantId!, types: "user.deactivated,group.user_added");

        Assert.Equal(["user.deactivated", "group.user_added"], events.Select(e => (string)e["type"]!));
        Assert.Equal(group, (string)events[1]["resource"]!["id"]!);
        Assert.Equal("Group", (string)events[1]["resource"]!["type"]!);
    }

    [Fact]
    public async Task A_filtered_read_moves_its_cursor_past_events_of_other_types_and_still_finds_the_next_match()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        for (var i = 0; i < 5; i++)
        {
            await scim.CreateUserAsync($"joiner{i}@example.com");
        }

        var quiet = await admin.GetAsync($"/api/tenants/{scim.TenantId}/events?types=user.deactivated");
        Assert.Empty(quiet.Json["events"]!.AsArray());
        Assert.Equal("5", (string)quiet.Json["next"]!);

        var leaver = (string)(await scim.CreateUserAsync("leaver@example.com"))["id"]!;
        await scim.PatchWithRequestIdAsync($"/Users/{leaver}", """[{ "op": "replace", "path": "active", "value": false }]""", "leave");
        var found = await admin.GetAsync($"/api/tenants/{scim.TenantId}/events?types=user.deactivated&after=5");
        var deactivated = found.Json["events"]!.AsArray().Single()!;
        Assert.Equal((7L, leaver), ((long)deactivated["sequence"]!, (string)deactivated["resource"]!["id"]!));
        Assert.Equal("7", (string)found.Json["next"]!);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("types=user.created,user.exploded", "user.exploded")]
    [InlineData("after=abc", "after")]
    [InlineData("after=-1", "after")]
    public async Task Bad_parameters_are_a_400_problem_that_names_them(string query, string named)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.GetAsync($"/api/tenants/{scim.TenantId}/events?{query}");

        Assert.Contains(named, response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_tenant_is_a_404_problem()
    {
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.GetAsync("/api/tenants/nosuchtenant/events");

        Assert.Contains("nosuchtenant", response.AssertProblem(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_of_another_tenant_never_show()
    {
        var mine = await factory.CreateTenantAsync();
        var theirs = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        await theirs.CreateUserAsync("other@example.com");

        var (events, _) = await admin.ReadAllEventsAsync(mine.TenantId!);

        Assert.Empty(events);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex IsoMilliseconds();
}
