using System.Net;
using Provisio.Server.Admin;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Tenants;

/// <summary>What is left of who deleted a tenant once its audit log is gone: the server's log, with ids and never a secret.</summary>
public sealed class TenantAdministrationLogTests : IDisposable
{
    private readonly CapturedLogs logs = new();
    private readonly ProvisioFactory factory;

    public TenantAdministrationLogTests() => factory = new ProvisioFactory { Logs = logs };

    [Fact]
    public async Task Tenant_and_token_changes_are_logged_with_the_admin_key_id_and_never_a_secret()
    {
        var admin = await AdminClient.CreateAsync(factory);
        var keyId = AdminKeyFormat.ParseId(admin.Key!)!;
        var id = "t" + Guid.NewGuid().ToString("N")[..12];
        await admin.PostAsync("/api/tenants", $$"""{"id": "{{id}}"}""");
        var created = (await admin.PostAsync($"/api/tenants/{id}/tokens", """{"name": "okta"}""")).Json;
        var rotated = (await admin.PostAsync($"/api/tenants/{id}/tokens/{(string)created["id"]!}/rotate")).Json;
        await admin.DeleteAsync($"/api/tenants/{id}/tokens/{(string)rotated["id"]!}");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{id}?confirm={id}")).Status);

        var lines = logs.AtInformationOrAbove.ToList();
        Assert.Contains(lines, l => l.Contains($"Tenant {id} created with admin key {keyId}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"SCIM token {(string)created["id"]!} of tenant {id} created", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"SCIM token {(string)created["id"]!} of tenant {id} rotated to {(string)rotated["id"]!}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"SCIM token {(string)rotated["id"]!} of tenant {id} revoked", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Tenant {id} deleted with all its data with admin key {keyId}", StringComparison.Ordinal));
        var all = string.Join('\n', logs.Lines.Select(l => l.Message));
        Assert.DoesNotContain(admin.Key!, all, StringComparison.Ordinal);
        Assert.DoesNotContain((string)created["token"]!, all, StringComparison.Ordinal);
        Assert.DoesNotContain((string)rotated["token"]!, all, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        factory.Dispose();
        logs.Dispose();
    }
}
