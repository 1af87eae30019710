using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;
using Provisio.Server.Tests.Webhooks;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Settings;

/// <summary>
/// Dry run: SCIM answers and writes as usual, the events are recorded but reach neither the handlers nor the webhooks
/// nor the feed, then or ever; the admin API lists them with what would have received them (issue #14).
/// </summary>
public sealed class DryRunTests : IAsyncLifetime, IDisposable
{
    private readonly DryRunServer server = new();
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    [Fact]
    public async Task Dry_run_events_are_listed_with_their_receivers_and_never_delivered_even_after_dry_run_ends()
    {
        var scim = await server.CreateTenantAsync();
        var tenant = scim.TenantId!;
        var admin = await AdminClient.CreateAsync(server);
        var all = await admin.AddAsync(tenant, receiver.Url.ToString());
        var leavers = await admin.AddAsync(tenant, receiver.Url + "/leavers", """, "events": ["user.deactivated"]""");
        receiver.Secrets = [(string)all["secret"]!, (string)leavers["secret"]!];
        var before = (string)(await scim.CreateUserAsync("before@example.com"))["id"]!;
        await Eventually.HoldsAsync(() => server.Recorder.DeliveredIn(tenant).Count == 1 && receiver.Accepted.Count == 1, "the first event delivered");

        var settings = await admin.SetAsync(tenant, """{"dryRun": true}""");
        Assert.True((bool)settings["dryRun"]!);
        var created = await scim.PostAsync("/Users", ScimClient.NewUser("dry@example.com"));
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var dry = (string)created.Json["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await scim.SendAsync(HttpMethod.Patch, $"/Users/{dry}", EventHandlerTests.Deactivate)).Status);
        Assert.False((bool)(await scim.GetAsync($"/Users/{dry}")).Json["active"]!);

        var listed = await admin.GetAsync($"/api/tenants/{tenant}/dry-run");
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Null(listed.Json["next"]);
        var items = listed.Json["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeactivated], items.Select(i => (string)i["event"]!["type"]!));
        Assert.All(items, i => Assert.Equal(dry, (string)i["event"]!["resource"]!["id"]!));
        Assert.All(items, i => Assert.Equal(tenant, (string)i["event"]!["tenant"]!));
        Assert.All(items, i => Assert.True((bool)i["handlers"]!));
        Assert.Equal([(string)all["id"]!], items[0]["webhooks"]!.AsArray().Select(w => (string)w!));
        Assert.Equal([(string)all["id"]!, (string)leavers["id"]!], items[1]["webhooks"]!.AsArray().Select(w => (string)w!));
        Assert.Equal("dry@example.com", (string)items[0]["event"]!["data"]!["userName"]!);

        // The feed is a delivery too: it never shows them.
        var feed = (await admin.ReadAllEventsAsync(tenant)).Events;
        Assert.Equal([before], feed.Select(e => (string)e["resource"]!["id"]!));

        await admin.SetAsync(tenant, """{"dryRun": false}""");
        var after = (string)(await scim.CreateUserAsync("after@example.com"))["id"]!;
        await Eventually.HoldsAsync(() => server.Recorder.DeliveredIn(tenant).Any(e => e.ResourceId == after), "the handler got the event after dry run");
        await Eventually.HoldsAsync(() => receiver.Accepted.Any(d => (string?)d.Event["resource"]?["id"] == after), "the webhook got the event after dry run");

        // Consumers go in sequence order: the dry-run events, before the last one delivered, were passed over for good.
        Assert.Equal([before, after], server.Recorder.DeliveredIn(tenant).Select(e => e.ResourceId));
        Assert.Equal([before, after], receiver.Deliveries.Select(d => (string)d.Event["resource"]!["id"]!));
        Assert.Equal([before, after], (await admin.ReadAllEventsAsync(tenant)).Events.Select(e => (string)e["resource"]!["id"]!));
        var stillListed = await admin.GetAsync($"/api/tenants/{tenant}/dry-run?limit=1");
        Assert.Equal(EventTypes.UserCreated, (string)stillListed.Json["items"]![0]!["event"]!["type"]!);
        var next = (string)stillListed.Json["next"]!;
        var second = await admin.GetAsync($"/api/tenants/{tenant}/dry-run?limit=1&after={next}");
        Assert.Equal(EventTypes.UserDeactivated, (string)second.Json["items"]![0]!["event"]!["type"]!);
        Assert.Null(second.Json["next"]);
    }

    [Fact]
    public async Task A_tenant_that_never_was_in_dry_run_lists_nothing()
    {
        var scim = await server.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(server);
        await scim.CreateUserAsync("live@example.com");

        var listed = await admin.GetAsync($"/api/tenants/{scim.TenantId}/dry-run");

        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Empty(listed.Json["items"]!.AsArray());
        Assert.Null(listed.Json["next"]);
        (await admin.GetAsync($"/api/tenants/{scim.TenantId}/dry-run?after=abc")).AssertProblem(HttpStatusCode.BadRequest);
    }

    public async Task DisposeAsync() => await receiver.DisposeAsync();

    public void Dispose() => server.Dispose();
}
