using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Bulk;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// Issue #11: a tenant's sensitive attributes (a custom <c>ssn</c>, an enterprise extension attribute, a sub-attribute
/// of a multi-valued one) are dropped from every input: the write succeeds, and neither the response, a later read,
/// nor any table (resources, events, audit_log) holds their values.
/// </summary>
public sealed class SensitiveAttributeTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string Enterprise = ScimClient.EnterpriseSchema;
    private const string Ssn = "078-05-1120-sensitive";
    private const string EmployeeNumber = "EMP-7319-sensitive";
    private const string Phone = "+1-555-0199-sensitive";
    private const string CostCenter = "CC-4130-kept";

    private static readonly string[] Secrets = [Ssn, EmployeeNumber, Phone];

    [Fact]
    public async Task Post_drops_the_sensitive_attributes_and_keeps_the_rest()
    {
        var scim = await TenantAsync();

        var created = await scim.PostAsync("/Users", WithSecrets(ScimClient.NewUser("post@example.com")));

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var read = await scim.GetAsync($"/Users/{created.Json["id"]}");
        await AssertDroppedAsync(created, read);
        Assert.Equal("work", (string)read.Json["phoneNumbers"]![0]!["type"]!);
    }

    [Fact]
    public async Task Put_drops_the_sensitive_attributes()
    {
        var scim = await TenantAsync();
        var id = (string)(await scim.CreateUserAsync("put@example.com"))["id"]!;

        var replaced = await scim.PutAsync($"/Users/{id}", WithSecrets(ScimClient.NewUser("put@example.com")));

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        await AssertDroppedAsync(replaced, await scim.GetAsync($"/Users/{id}"));
    }

    [Fact]
    public async Task Patch_drops_the_sensitive_attributes_by_path_and_pathless()
    {
        var scim = await TenantAsync();
        var id = (string)(await scim.CreateUserAsync("patch@example.com"))["id"]!;

        var patched = await scim.PatchAsync($"/Users/{id}", $$"""
            [
              { "op": "add", "path": "ssn", "value": "{{Ssn}}" },
              { "op": "add", "value": { "{{Enterprise}}:employeeNumber": "{{EmployeeNumber}}", "{{Enterprise}}:costCenter": "{{CostCenter}}" } },
              { "op": "add", "path": "phoneNumbers", "value": [ { "value": "{{Phone}}", "type": "work" } ] },
              { "op": "replace", "path": "{{Enterprise}}", "value": { "employeeNumber": "{{EmployeeNumber}}" } }
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        var read = await scim.GetAsync($"/Users/{id}");
        await AssertDroppedAsync(patched, read);
        Assert.Equal(CostCenter, (string)read.Json[Enterprise]!["costCenter"]!);
    }

    [Fact]
    public async Task A_patch_that_sets_only_sensitive_attributes_changes_nothing()
    {
        var scim = await TenantAsync();
        var created = await scim.CreateUserAsync("noop@example.com");

        var patched = await scim.PatchAsync($"/Users/{created["id"]}", $$"""[{ "op": "add", "path": "ssn", "value": "{{Ssn}}" }]""");

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal((string)created["meta"]!["version"]!, (string)patched.Json["meta"]!["version"]!);
        Assert.DoesNotContain(Ssn, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_drops_the_sensitive_attributes()
    {
        var scim = await TenantAsync();

        var results = await BulkRequests.SendAsync(scim, BulkRequests.Request(
            BulkRequests.PostUser("u1", "bulk@example.com", u => WithSecrets(u))));

        Assert.Equal("201", (string)results[0]["status"]!);
        var read = await scim.GetAsync($"/Users/{BulkRequests.IdFromLocation(results[0])}");
        Assert.Equal(CostCenter, (string)read.Json[Enterprise]!["costCenter"]!);
        await AssertDroppedAsync(read, read);
    }

    [Fact]
    public async Task Another_tenant_without_the_setting_keeps_the_same_attributes()
    {
        await TenantAsync();
        var plain = await factory.CreateTenantAsync();
        var body = ScimClient.NewUser("plain@example.com");
        body["schemas"]!.AsArray().Add(Enterprise);
        // Other values than the secrets: the database is shared by this class's tests, which check it holds none.
        body["ssn"] = "kept-ssn";
        body[Enterprise] = new JsonObject { ["employeeNumber"] = "kept-employee-number" };

        var created = await plain.PostAsync("/Users", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("kept-ssn", (string)created.Json["ssn"]!);
        Assert.Equal("kept-employee-number", (string)created.Json[Enterprise]!["employeeNumber"]!);
    }

    private async Task<ScimClient> TenantAsync()
    {
        var scim = await factory.CreateTenantAsync();
        var settings = TenantSettings.Default with { SensitiveAttributes = ["ssn", $"{Enterprise}:employeeNumber", "phoneNumbers.value"] };
        Assert.True(await factory.Services.GetRequiredService<ITenantSettingsStore>().SetAsync(scim.TenantId!, settings, CancellationToken.None));
        return scim;
    }

    private static JsonObject WithSecrets(JsonObject user)
    {
        user["schemas"]!.AsArray().Add(Enterprise);
        user["ssn"] = Ssn;
        user[Enterprise] = new JsonObject { ["employeeNumber"] = EmployeeNumber, ["costCenter"] = CostCenter };
        user["phoneNumbers"] = new JsonArray(new JsonObject { ["value"] = Phone, ["type"] = "work" });
        return user;
    }

    private async Task AssertDroppedAsync(ScimResponse written, ScimResponse read)
    {
        Assert.Equal(HttpStatusCode.OK, read.Status);
        var database = await factory.DumpDatabaseAsync();
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, written.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, read.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, database, StringComparison.Ordinal);
        }
        Assert.Null(read.Json["ssn"]);
        Assert.Null(read.Json[Enterprise]?["employeeNumber"]);
        Assert.Contains((string)read.Json["userName"]!, database, StringComparison.Ordinal);
    }
}
