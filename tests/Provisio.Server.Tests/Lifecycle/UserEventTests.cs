using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Bulk;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Lifecycle;

/// <summary>Each SCIM write of a user emits the events of what it really changed, in the write's transaction.</summary>
public sealed class UserEventTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Creating_a_user_emits_user_created_with_the_resource_the_request_id_and_the_token()
    {
        var scim = (await factory.CreateTenantAsync()).WithRequestId("X-Request-Id", "req-create-1");
        var user = await scim.CreateUserAsync("ada@example.com");

        var change = Assert.Single(await factory.EventsAsync(scim.TenantId!));
        Assert.Equal(EventTypes.UserCreated, change.Type);
        Assert.Equal(1, change.Sequence);
        Assert.StartsWith("evt_", change.Id, StringComparison.Ordinal);
        Assert.Equal(scim.TenantId, change.TenantId);
        Assert.Equal(("User", (string)user["id"]!), (change.ResourceType, change.ResourceId));
        Assert.Equal("req-create-1", change.RequestId);
        Assert.Equal((scim.TokenId, "test"), (change.TokenId, change.TokenName));
        var data = change.Data();
        Assert.Equal("ada@example.com", (string)data["userName"]!);
        Assert.Equal((string)user["id"]!, (string)data["id"]!);
        Assert.Equal((string)user["meta"]!["version"]!, (string)data["meta"]!["version"]!);
    }

    [Fact]
    public async Task An_identical_put_emits_nothing_but_is_audited()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("okta-resend@example.com");
        var body = ScimClient.NewUser("okta-resend@example.com");

        for (var i = 0; i < 3; i++)
        {
            var put = await scim.PutAsync($"/Users/{user["id"]}", body);
            Assert.Equal(HttpStatusCode.OK, put.Status);
            Assert.Equal((string)user["meta"]!["version"]!, put.Version());
        }

        Assert.Equal([EventTypes.UserCreated], await factory.TypesAsync(scim.TenantId!));
        var audit = await factory.AuditAsync(scim.TenantId!);
        Assert.Equal(["create", "replace", "replace", "replace"], audit.Select(a => a.Action));
        Assert.All(audit.Skip(1), a => Assert.Null(a.ChangesJson));
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"active","value":false}]""")]
    [InlineData("""[{"op":"Replace","value":{"active":"False"}}]""")]
    public async Task Deactivating_by_patch_emits_user_deactivated_alone_and_reactivating_user_reactivated(string operations)
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("leaver@example.com"))["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}", operations)).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}", operations)).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}", """[{"op":"replace","path":"active","value":true}]""")).Status);

        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeactivated, EventTypes.UserReactivated], await factory.TypesAsync(scim.TenantId!));
        var deactivated = (await factory.EventsAsync(scim.TenantId!))[1];
        Assert.False((bool)deactivated.Data()["active"]!);
    }

    [Fact]
    public async Task A_put_that_deactivates_and_changes_a_title_emits_user_updated_with_the_changed_names_and_user_deactivated()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("mover@example.com"))["id"]!;
        var body = ScimClient.NewUser("mover@example.com");
        body["active"] = false;
        body["title"] = "Former engineer";
        body[ScimClient.EnterpriseSchema] = new JsonObject { ["department"] = "R&D" };
        body["schemas"]!.AsArray().Add(ScimClient.EnterpriseSchema);

        Assert.Equal(HttpStatusCode.OK, (await scim.PutAsync($"/Users/{id}", body)).Status);

        var events = await factory.EventsAsync(scim.TenantId!);
        Assert.Equal([EventTypes.UserCreated, EventTypes.UserUpdated, EventTypes.UserDeactivated], events.Select(e => e.Type));
        Assert.Equal(["title", $"{ScimClient.EnterpriseSchema}:department"], events[1].ChangedAttributes!.Order(StringComparer.Ordinal));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_bulk_deactivation_emits_user_deactivated_with_the_bulk_request_id()
    {
        var scim = (await factory.CreateTenantAsync()).WithRequestId("client-request-id", "entra-bulk-7");
        var id = (string)(await scim.CreateUserAsync("bulk-leaver@example.com"))["id"]!;

        var results = await BulkRequests.SendAsync(scim, BulkRequests.Request(BulkRequests.Operation("PATCH", $"/Users/{id}",
            BulkRequests.PatchOp(new JsonObject { ["op"] = "replace", ["path"] = "active", ["value"] = false }))));

        Assert.Equal("200", (string)results[0]["status"]!);
        var events = await factory.EventsAsync(scim.TenantId!);
        Assert.Equal([EventTypes.UserCreated, EventTypes.UserDeactivated], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal("entra-bulk-7", e.RequestId));
        var audit = await factory.AuditAsync(scim.TenantId!);
        Assert.Equal(("PATCH", $"/Users/{id}", 200), (audit[^1].Method, audit[^1].Path, audit[^1].Status));
    }

    [Fact]
    public async Task A_refused_write_emits_nothing_and_is_audited_with_its_status_and_scim_type()
    {
        var scim = (await factory.CreateTenantAsync()).WithRequestId("X-Request-Id", "dup-1");
        await scim.CreateUserAsync("taken@example.com");

        Assert.Equal("uniqueness", (await scim.PostAsync("/Users", ScimClient.NewUser("TAKEN@example.com"))).AssertError(HttpStatusCode.Conflict));
        (await scim.PatchAsync("/Users/no-such-id", """[{"op":"replace","path":"active","value":false}]""")).AssertError(HttpStatusCode.NotFound);

        Assert.Equal([EventTypes.UserCreated], await factory.TypesAsync(scim.TenantId!));
        var audit = await factory.AuditAsync(scim.TenantId!);
        Assert.Equal([201, 409, 404], audit.Select(a => a.Status));
        Assert.Equal("uniqueness", audit[1].ErrorType);
        Assert.Equal(("create", "/Users", "User", "dup-1"), (audit[1].Action, audit[1].Path, audit[1].ResourceType, audit[1].RequestId));
        Assert.Equal(("update", "no-such-id"), (audit[2].Action, audit[2].ResourceId));
    }

    [Fact]
    public async Task Each_operation_of_a_bulk_request_is_audited_as_itself_refused_ones_too()
    {
        var scim = (await factory.CreateTenantAsync()).WithRequestId("X-Request-Id", "bulk-audit");
        await scim.CreateUserAsync("first@example.com");

        var results = await BulkRequests.SendAsync(scim, BulkRequests.Request(
            BulkRequests.PostUser("a", "second@example.com"),
            BulkRequests.PostUser("b", "FIRST@example.com"),
            BulkRequests.Operation("DELETE", "/Users/no-such-user")));

        Assert.Equal(["201", "409", "404"], results.Select(r => (string)r["status"]!));
        var audit = (await factory.AuditAsync(scim.TenantId!)).Skip(1).ToList();
        Assert.Equal([("POST", "/Users", 201, null), ("POST", "/Users", 409, "uniqueness"), ("DELETE", "/Users/no-such-user", 404, null)],
            audit.Select(a => (a.Method, a.Path, a.Status, a.ErrorType)));
        Assert.All(audit, a => Assert.Equal("bulk-audit", a.RequestId));
        Assert.Equal("no-such-user", audit[2].ResourceId);
    }

    [Fact]
    public async Task A_patch_refused_half_way_emits_nothing_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("atomic@example.com"))["id"]!;

        var refused = await scim.PatchAsync($"/Users/{id}", """
            [{"op":"replace","path":"active","value":false},{"op":"remove","path":"userName"}]
            """);

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.True((bool)(await scim.GetAsync($"/Users/{id}")).Json["active"]!);
        Assert.Equal([EventTypes.UserCreated], await factory.TypesAsync(scim.TenantId!));
    }

    [Fact]
    public async Task Every_write_has_one_audit_row_with_the_before_and_after_of_what_it_changed()
    {
        var scim = (await factory.CreateTenantAsync()).WithRequestId("X-Okta-Request-Id", "okta-9");
        var id = (string)(await scim.CreateUserAsync("audited@example.com", u => u["title"] = "Engineer"))["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await scim.PatchAsync($"/Users/{id}", """[{"op":"replace","path":"title","value":"Manager"}]""")).Status);

        var audit = await factory.AuditAsync(scim.TenantId!);
        Assert.Equal(2, audit.Count);
        var update = audit[1];
        Assert.Equal(("PATCH", $"/Users/{id}", "update", 200), (update.Method, update.Path, update.Action, update.Status));
        Assert.Equal(("User", id, "okta-9", scim.TokenId), (update.ResourceType, update.ResourceId, update.RequestId, update.TokenId));
        var changes = JsonNode.Parse(update.ChangesJson!)!.AsObject();
        Assert.Equal(["title"], changes.Select(p => p.Key));
        Assert.Equal(("Engineer", "Manager"), ((string)changes["title"]!["before"]!, (string)changes["title"]!["after"]!));
    }

    [Fact]
    public async Task Reads_are_audited_only_when_the_tenant_asks_for_it()
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("reader@example.com"))["id"]!;
        await scim.GetAsync($"/Users/{id}");
        await scim.GetAsync("/Users?filter=userName%20eq%20%22reader@example.com%22");
        Assert.Single(await factory.AuditAsync(scim.TenantId!));

        await factory.SetSettingsAsync(scim.TenantId!, new Storage.Tenancy.TenantSettings { AuditReads = true });
        await scim.GetAsync($"/Users/{id}");
        await scim.GetAsync("/Users/missing");

        var reads = (await factory.AuditAsync(scim.TenantId!)).Skip(1).ToList();
        Assert.Equal([("read", 200), ("read", 404)], reads.Select(r => (r.Action, r.Status)));
    }
}
