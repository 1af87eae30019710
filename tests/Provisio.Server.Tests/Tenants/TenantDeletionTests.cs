using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Admin;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Tenants;

/// <summary><c>DELETE /api/tenants/{tenant}?confirm={tenant}</c> removes every row the tenant has, and nothing of anyone else's.</summary>
public sealed class TenantDeletionTests(QuietFactory factory) : IClassFixture<QuietFactory>
{
    [Fact]
    public async Task Deleting_a_tenant_removes_its_rows_from_every_table_and_leaves_another_tenants_rows_untouched()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var doomed = await PopulateAsync(admin, "doomed-" + Guid.NewGuid().ToString("N")[..8]);
        var kept = await PopulateAsync(admin, "kept-" + Guid.NewGuid().ToString("N")[..8]);
        var before = await TenantRows.CountAsync(factory, doomed.TenantId!);
        var keptBefore = await TenantRows.CountAsync(factory, kept.TenantId!);
        // The test reaches every table: one added later without rows here fails it until it is filled and deleted too.
        Assert.All(before, table => Assert.True(table.Value > 0, $"The test wrote no row of the tenant into {table.Key}."));

        var response = await admin.DeleteAsync($"/api/tenants/{doomed.TenantId}?confirm={doomed.TenantId}");

        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.All(await TenantRows.CountAsync(factory, doomed.TenantId!), table => Assert.True(table.Value == 0, $"{table.Key} kept {table.Value} row(s)."));
        Assert.Equal(keptBefore, await TenantRows.CountAsync(factory, kept.TenantId!));
        (await doomed.GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await kept.GetAsync("/Users")).Status);
        (await admin.GetAsync($"/api/tenants/{doomed.TenantId}")).AssertProblem(HttpStatusCode.NotFound);
        (await admin.GetAsync($"/api/tenants/{doomed.TenantId}/events")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_deletion_list_names_every_table_with_a_tenant_id_column()
    {
        var tables = await TenantRows.TablesAsync(factory);

        Assert.Equal(tables.Order(StringComparer.Ordinal), TenantTables.All.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?confirm=")]
    [InlineData("?confirm=yes")]
    [InlineData("?confirm=OTHER")]
    public async Task Without_the_tenant_id_as_confirm_nothing_is_deleted_and_the_problem_says_what_to_pass(string query)
    {
        var admin = await AdminClient.CreateAsync(factory);
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("stays@example.com");

        var detail = (await admin.DeleteAsync($"/api/tenants/{scim.TenantId}{query}")).AssertProblem(HttpStatusCode.BadRequest);

        Assert.Contains($"?confirm={scim.TenantId}", detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/tenants/{scim.TenantId}")).Status);
        Assert.Single((await scim.GetAsync("/Users")).Ids);
    }

    [Fact]
    public async Task Deleting_an_unknown_tenant_is_a_404()
    {
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.DeleteAsync("/api/tenants/nobody-here?confirm=nobody-here")).AssertProblem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_deleted_tenant_id_can_be_created_again_empty()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("old@example.com");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{scim.TenantId}?confirm={scim.TenantId}")).Status);

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/tenants", $$"""{"id": "{{scim.TenantId}}"}""")).Status);
        var token = (await admin.PostAsync($"/api/tenants/{scim.TenantId}/tokens", """{"name": "again"}""")).Json;

        var again = scim.WithToken((string)token["token"]!);
        Assert.Empty((await again.GetAsync("/Users")).Ids);
        var events = await admin.ReadAllEventsAsync(scim.TenantId!);
        Assert.Empty(events.Events);
    }

    [Fact]
    public async Task A_recreated_tenant_starts_without_the_rows_a_background_job_wrote_after_the_deletion()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var scim = await factory.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{scim.TenantId}?confirm={scim.TenantId}")).Status);
        // What a consumer that was mid-batch for the old tenant writes when it finishes.
        await TenantRows.ExecuteAsync(factory, "INSERT INTO event_consumers (consumer, tenant_id, position) VALUES ('handlers', @tenant, 41)", ("@tenant", scim.TenantId));

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/tenants", $$"""{"id": "{{scim.TenantId}}"}""")).Status);

        Assert.All(await TenantRows.CountAsync(factory, scim.TenantId!), table => Assert.Equal(table.Key == "tenants" ? 1 : 0, table.Value));
    }

    /// <summary>
    /// A tenant with rows in every table: through the API where a request writes them, and straight into the tables
    /// that only background work or failures fill.
    /// </summary>
    private async Task<ScimClient> PopulateAsync(AdminClient admin, string tenant)
    {
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/tenants", $$"""{"id": "{{tenant}}", "name": "To fill"}""")).Status);
        var created = (await admin.PostAsync($"/api/tenants/{tenant}/tokens", """{"name": "okta"}""")).Json;
        var scim = new ScimClient(factory.CreateClient(), $"/scim/v2/{tenant}", (string)created["token"]!, tenant, (string)created["id"]!);
        await factory.Services.GetRequiredService<AdminKeyIssuer>().IssueAsync("tenant admin", CancellationToken.None, tenant);

        // Mapped before the group exists, so the group's creation grants access in its own write.
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync($"/api/tenants/{tenant}/access/mappings", """{"group": "Admins", "roles": ["admin"]}""")).Status);
        var alice = (string)(await scim.CreateUserAsync("alice@example.com"))["id"]!;
        var bob = (string)(await scim.CreateUserAsync("bob@example.com"))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Admins", alice, bob))["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await scim.DeleteAsync($"/Users/{bob}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(HttpMethod.Put, $"/api/tenants/{tenant}/access/roles/admin", """{"rank": 1}""")).Status);
        var webhook = await admin.PostAsync($"/api/tenants/{tenant}/webhooks", """{"url": "http://127.0.0.1:9/hooks", "enabled": false}""");
        Assert.True(webhook.Status == HttpStatusCode.Created, webhook.Body);
        var endpoint = (string)webhook.Json["id"]!;

        var time = factory.Services.GetRequiredService<ISqlDialect>().ToDbTime(DateTimeOffset.UnixEpoch);
        (string, object?)[] values = [("@tenant", tenant), ("@group", group), ("@member", alice), ("@endpoint", endpoint), ("@at", time)];
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO event_retries (consumer, tenant_id, sequence, resource_id, attempts, next_attempt, last_error)
            VALUES ('test:deletion', @tenant, 1, @member, 1, @at, NULL)
            """, values);
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO event_dead_letters (consumer, tenant_id, sequence, resource_id, attempts, last_error, died)
            VALUES ('test:deletion', @tenant, 1, @member, 5, 'refused', @at)
            """, values);
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO webhook_attempts (tenant_id, endpoint_id, event_id, event_type, sequence, attempt, at, outcome, status_code, latency_ms, error)
            VALUES (@tenant, @endpoint, 'evt_test', 'user.created', 1, 1, @at, 'failed', 500, 3, NULL)
            """, values);
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO group_deletions (tenant_id, group_id, display_name, deleted, request_id, token_id, token_name, data)
            VALUES (@tenant, 'gone-group', 'Gone', @at, NULL, NULL, NULL, '{}')
            """, values);
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO group_deletion_members (tenant_id, group_id, member_id, member_type) VALUES (@tenant, 'gone-group', @member, 'User')
            """, values);
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO access_reconciliations (tenant_id, requested) VALUES (@tenant, @at) ON CONFLICT (tenant_id) DO NOTHING
            """, values);
        // The sync status's counts, which each instance writes every few seconds.
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO request_counts (tenant_id, bucket, status, count) VALUES (@tenant, @at, 200, 3) ON CONFLICT (tenant_id, bucket, status) DO NOTHING
            """, values);
        await TenantRows.ExecuteAsync(factory, """
            INSERT INTO tenant_activity (tenant_id, first_request_at, last_request_at) VALUES (@tenant, @at, @at) ON CONFLICT (tenant_id) DO NOTHING
            """, values);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/Groups/{group}")).Status);
        return scim;
    }
}
