using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Bulk;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Audit;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Passwords;

/// <summary>
/// Issue #11: a password the IdP sends (Okta's password sync) is stored only as a hash that ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> verifies; it is never returned, never in an event or audit row, and setting it
/// emits <c>user.password_changed</c>.
/// </summary>
public sealed class PasswordTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string Core = ScimClient.UserSchema;

    [Fact]
    public async Task Post_with_a_password_stores_only_a_hash_that_identity_verifies()
    {
        const string Password = "Tr0ub4dor&3-post";
        var scim = await factory.CreateTenantAsync();
        var body = ScimClient.NewUser("post-password@example.com");
        body["password"] = Password;

        var created = await scim.PostAsync("/Users", body);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Json["id"]!;
        var read = await scim.GetAsync($"/Users/{id}");
        Assert.Null(created.Json["password"]);
        Assert.Null(read.Json["password"]);
        Assert.DoesNotContain(Password, created.Body + read.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, Verify(await StoredHashAsync(scim, id), Password));
        Assert.Equal(PasswordVerificationResult.Failed, Verify(await StoredHashAsync(scim, id), Password + "x"));
    }

    [Theory]
    [InlineData("""[{ "op": "replace", "path": "password", "value": "{0}" }]""")]
    [InlineData("""[{ "op": "replace", "value": { "password": "{0}" } }]""")]
    [InlineData($$"""[{ "op": "add", "path": "{{Core}}:password", "value": "{0}" }]""")]
    [InlineData($$"""[{ "op": "replace", "value": { "{{Core}}:password": "{0}", "active": true } }]""")]
    public async Task Patch_sets_the_password_and_emits_password_changed_without_its_value(string operations)
    {
        var password = "Patch-" + Guid.NewGuid().ToString("N");
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("patch-password@example.com"))["id"]!;

        var patched = await scim.PatchAsync($"/Users/{id}", operations.Replace("{0}", password, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Null(patched.Json["password"]);
        Assert.Equal(PasswordVerificationResult.Success, Verify(await StoredHashAsync(scim, id), password));
        var events = await factory.Services.GetRequiredService<IEventStore>()
            .ReadAsync(scim.TenantId!, 0, 100, [EventTypes.UserPasswordChanged], CancellationToken.None);
        var changed = Assert.Single(events.Events);
        Assert.Equal(id, changed.ResourceId);
        Assert.DoesNotContain(password, changed.DataJson, StringComparison.Ordinal);
        Assert.Null(JsonNode.Parse(changed.DataJson)!["password"]);
        Assert.Equal("patch-password@example.com", (string)JsonNode.Parse(changed.DataJson)!["userName"]!);
        var (audit, _) = await factory.Services.GetRequiredService<IAuditLog>()
            .QueryAsync(scim.TenantId!, new AuditQuery { ResourceId = id, Action = AuditActions.ForMethod("PATCH") }, CancellationToken.None);
        var row = Assert.Single(audit);
        Assert.Equal("""{"changed":true}""", JsonNode.Parse(row.ChangesJson!)!["password"]!.ToJsonString());
        Assert.DoesNotContain(password, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_without_a_password_keeps_the_hash_and_put_with_one_replaces_it()
    {
        const string Password = "Put-keeps-0ld";
        const string NewPassword = "Put-sets-N3w";
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("put-password@example.com", u => u["password"] = Password))["id"]!;
        var hash = await StoredHashAsync(scim, id);
        var body = ScimClient.NewUser("put-password@example.com");
        body["title"] = "Changed";

        Assert.Equal(HttpStatusCode.OK, (await scim.PutAsync($"/Users/{id}", body)).Status);
        Assert.Equal(hash, await StoredHashAsync(scim, id));
        Assert.Empty(await PasswordEventsAsync(scim));

        body[$"{Core}:password"] = NewPassword;
        Assert.Equal(HttpStatusCode.OK, (await scim.PutAsync($"/Users/{id}", body)).Status);
        Assert.Equal(PasswordVerificationResult.Success, Verify(await StoredHashAsync(scim, id), NewPassword));
        Assert.Single(await PasswordEventsAsync(scim));
        Assert.DoesNotContain(NewPassword, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_put_that_echoes_the_password_the_user_has_changes_nothing()
    {
        const string Password = "Okta-echo-1mz050nq";
        var scim = await factory.CreateTenantAsync();
        var created = await scim.CreateUserAsync("echo-password@example.com", u => u["password"] = Password);
        var id = (string)created["id"]!;
        var hash = await StoredHashAsync(scim, id);
        var echo = ScimClient.NewUser("echo-password@example.com");
        echo["password"] = Password;

        var replaced = await scim.PutAsync($"/Users/{id}", echo);

        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal((string)created["meta"]!["version"]!, (string)replaced.Json["meta"]!["version"]!);
        Assert.Equal(hash, await StoredHashAsync(scim, id));
        Assert.Empty(await PasswordEventsAsync(scim));
    }

    [Fact]
    public async Task Bulk_stores_a_password_as_a_hash()
    {
        const string Password = "Bulk-pa55word";
        var scim = await factory.CreateTenantAsync();

        var results = await BulkRequests.SendAsync(scim, BulkRequests.Request(
            BulkRequests.PostUser("u1", "bulk-password@example.com", u => u["password"] = Password)));

        Assert.Equal("201", (string)results[0]["status"]!);
        Assert.Equal(PasswordVerificationResult.Success, Verify(await StoredHashAsync(scim, BulkRequests.IdFromLocation(results[0])), Password));
        Assert.DoesNotContain(Password, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tenant_that_lists_password_as_sensitive_keeps_no_hash()
    {
        const string Password = "Dropped-pa55";
        var scim = await factory.CreateTenantAsync();
        await factory.Services.GetRequiredService<ITenantSettingsStore>()
            .SetAsync(scim.TenantId!, TenantSettings.Default with { SensitiveAttributes = ["password"] }, CancellationToken.None);

        var id = (string)(await scim.CreateUserAsync("dropped-password@example.com", u => u["password"] = Password))["id"]!;

        Assert.Null(await StoredHashAsync(scim, id));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    public async Task An_empty_password_is_an_invalid_value(string method)
    {
        var scim = await factory.CreateTenantAsync();
        var id = (string)(await scim.CreateUserAsync("empty-password@example.com"))["id"]!;
        var body = ScimClient.NewUser(method == "POST" ? "empty-password-2@example.com" : "empty-password@example.com");
        body["password"] = "";

        var response = method switch
        {
            "POST" => await scim.PostAsync("/Users", body),
            "PUT" => await scim.PutAsync($"/Users/{id}", body),
            _ => await scim.PatchAsync($"/Users/{id}", """[{ "op": "replace", "path": "password", "value": "" }]"""),
        };

        Assert.Equal("invalidValue", response.AssertError(HttpStatusCode.BadRequest));
        Assert.Null(await StoredHashAsync(scim, id));
    }

    private static PasswordVerificationResult Verify(string? hash, string password) =>
        new PasswordHasher<object>().VerifyHashedPassword(new object(), hash!, password);

    private async Task<IReadOnlyList<ChangeEvent>> PasswordEventsAsync(ScimClient scim) =>
        (await factory.Services.GetRequiredService<IEventStore>()
            .ReadAsync(scim.TenantId!, 0, 100, [EventTypes.UserPasswordChanged], CancellationToken.None)).Events;

    /// <summary>What the store keeps of the user's password: resources.password_hash.</summary>
    private async Task<string?> StoredHashAsync(ScimClient scim, string id)
    {
        var dialect = factory.Services.GetRequiredService<ISqlDialect>();
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT password_hash FROM resources WHERE tenant_id = @tenant AND id = @id";
        foreach (var (name, value) in new[] { ("@tenant", scim.TenantId!), ("@id", id) })
        {
            var parameter = select.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            select.Parameters.Add(parameter);
        }
        return await select.ExecuteScalarAsync() as string;
    }
}
