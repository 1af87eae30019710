using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Events;

/// <summary>In-process handlers registered by the host receive the outbox's events: after commit, at least once, in order per resource.</summary>
public sealed class EventHandlerTests : IDisposable
{
    private readonly HandlerFactory server = new();

    [Fact]
    public async Task A_write_reaches_the_handler_after_its_commit_with_the_ids_of_the_outbox()
    {
        var client = await server.CreateTenantAsync();
        var user = await client.CreateUserAsync("leaver@example.com");
        var id = (string)user["id"]!;
        var patched = await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", Deactivate);
        Assert.Equal(HttpStatusCode.OK, patched.Status);

        await Eventually.HoldsAsync(() => server.Recorder.DeliveredIn(client.TenantId!).Count >= 2, "both events delivered");

        var outbox = await ReadOutboxAsync(client.TenantId!);
        var delivered = server.Recorder.DeliveredIn(client.TenantId!);
        Assert.Equal(outbox.Select(e => (e.Id, e.Type, e.Sequence)), delivered.Select(e => (e.Id, e.Type, e.Sequence)));
        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeactivated], delivered.Select(e => e.Type));
        var deactivated = delivered[1];
        Assert.Equal(id, deactivated.ResourceId);
        Assert.Equal("User", deactivated.ResourceType);
        Assert.Equal(client.TokenId, deactivated.TokenId);
        Assert.False(deactivated.Data.GetProperty("active").GetBoolean());
        Assert.All(server.Recorder.Attempts, a => Assert.True(a.Committed, $"{a.Event.Id} reached the handler before it was readable"));
    }

    [Fact]
    public async Task A_failing_handler_is_retried_in_order_per_resource_while_other_resources_and_tenants_go_on()
    {
        var client = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var release = false;
        server.Recorder.Fail = e => !Volatile.Read(ref release)
            && e.Data.TryGetProperty("userName", out var userName) && userName.GetString() == "stuck@example.com";
        var failing = (string)(await client.CreateUserAsync("stuck@example.com"))["id"]!;
        await client.SendAsync(HttpMethod.Patch, $"/Users/{failing}", Deactivate);
        await client.SendAsync(HttpMethod.Patch, $"/Users/{failing}", Patch("replace", "displayName", "Still Stuck"));

        // Another resource of the same tenant and another tenant are delivered while the first resource keeps failing.
        var free = (string)(await client.CreateUserAsync("free@example.com"))["id"]!;
        var elsewhere = (string)(await other.CreateUserAsync("elsewhere@example.com"))["id"]!;
        await Eventually.HoldsAsync(() => server.Recorder.Delivered.Any(e => e.ResourceId == free)
            && server.Recorder.Delivered.Any(e => e.ResourceId == elsewhere), "the other resources delivered");
        await Eventually.HoldsAsync(() => server.Recorder.Attempts.Count(a => a.Event.ResourceId == failing) >= 3, "the failing event retried");
        Assert.DoesNotContain(server.Recorder.Delivered, e => e.ResourceId == failing);
        // Only the head of the resource's queue is tried: its later events wait behind it.
        Assert.All(server.Recorder.Attempts.Where(a => a.Event.ResourceId == failing), a => Assert.Equal(EventTypes.UserCreated, a.Event.Type));

        Volatile.Write(ref release, true);
        var outbox = (await ReadOutboxAsync(client.TenantId!)).Where(e => e.ResourceId == failing).ToList();
        Assert.Equal(3, outbox.Count);
        await Eventually.HoldsAsync(() => server.Recorder.Delivered.Count(e => e.ResourceId == failing) == 3, "the stuck resource delivered");
        Assert.Equal(outbox.Select(e => e.Id), server.Recorder.Delivered.Where(e => e.ResourceId == failing).Select(e => e.Id));
        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeactivated, EventTypes.UserUpdated],
            server.Recorder.Delivered.Where(e => e.ResourceId == failing).Select(e => e.Type));
    }

    [Fact]
    public async Task A_slow_tenant_does_not_hold_up_the_events_of_another()
    {
        var slow = await server.CreateTenantAsync();
        var other = await server.CreateTenantAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Recorder.Hold = e => e.TenantId == slow.TenantId ? gate.Task : Task.CompletedTask;
        await slow.CreateUserAsync("slow@example.com");
        await Eventually.HoldsAsync(() => server.Recorder.Started.Any(e => e.TenantId == slow.TenantId), "the slow handler started");

        var id = (string)(await other.CreateUserAsync("other@example.com"))["id"]!;
        await Eventually.HoldsAsync(() => server.Recorder.Delivered.Any(e => e.ResourceId == id), "the other tenant's event delivered");
        Assert.Empty(server.Recorder.DeliveredIn(slow.TenantId!));

        gate.SetResult();
        await Eventually.HoldsAsync(() => server.Recorder.DeliveredIn(slow.TenantId!).Count == 1, "the slow tenant's event delivered");
    }

    [Fact]
    public async Task A_refused_or_rolled_back_write_delivers_nothing()
    {
        var client = await server.CreateTenantAsync();
        var first = (string)(await client.CreateUserAsync("taken@example.com"))["id"]!;
        var second = (string)(await client.CreateUserAsync("second@example.com"))["id"]!;
        // A duplicate userName fails in the database, inside the write's transaction, which rolls back (on create and
        // on update); a PATCH of a read-only attribute is refused before anything is written.
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync("/Users", ScimClient.NewUser("TAKEN@example.com"))).Status);
        Assert.Equal(HttpStatusCode.Conflict,
            (await client.SendAsync(HttpMethod.Patch, $"/Users/{second}", Patch("replace", "userName", "taken@example.com"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(HttpMethod.Patch, $"/Users/{first}", Patch("replace", "id", "other"))).Status);
        var last = (string)(await client.CreateUserAsync("marker@example.com"))["id"]!;

        await Eventually.HoldsAsync(() => server.Recorder.DeliveredIn(client.TenantId!).Any(e => e.ResourceId == last), "the marker delivered");
        Assert.Equal([(first, EventTypes.UserCreated), (second, EventTypes.UserCreated), (last, EventTypes.UserCreated)],
            server.Recorder.DeliveredIn(client.TenantId!).Select(e => (e.ResourceId, e.Type)));
    }

    public void Dispose() => server.Dispose();

    internal static string Deactivate => Patch("replace", "active", false);

    internal static string Patch(string op, string path, JsonNode value) => new JsonObject
    {
        ["schemas"] = new JsonArray("urn:ietf:params:scim:api:messages:2.0:PatchOp"),
        ["Operations"] = new JsonArray(new JsonObject { ["op"] = op, ["path"] = path, ["value"] = value }),
    }.ToJsonString();

    private async Task<IReadOnlyList<ChangeEvent>> ReadOutboxAsync(string tenantId) =>
        (await server.Services.GetRequiredService<IEventStore>().ReadAsync(tenantId, 0, 1_000, null, CancellationToken.None)).Events;
}
