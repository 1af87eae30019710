using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Cli;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Cli;

/// <summary><c>provisio tenants set|show</c>: per-tenant settings from the command line (issue #11).</summary>
public sealed class TenantSettingsCommandTests : IDisposable
{
    private const string EmployeeNumber = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber";

    private readonly string folder = Directory.CreateTempSubdirectory("provisio-cli-").FullName;

    [Fact]
    public async Task Show_prints_every_setting_with_its_default()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("tenants", "show", "acme");

        Assert.Equal(0, code);
        foreach (var line in new[] { "delete-mode", "grace-days", "audit-retention-days", "audit-reads", "sensitive-attributes", "request-id-headers", "sync-groups", "protected-role-policy" })
        {
            Assert.Contains(output.Split('\n'), l => l.TrimStart().StartsWith(line, StringComparison.Ordinal) && l.Contains("(default)", StringComparison.Ordinal));
        }
        Assert.Contains("client-request-id,X-Request-Id,X-Okta-Request-Id,traceparent", output, StringComparison.Ordinal);
        var json = await ShowJsonAsync("acme");
        Assert.Equal("acme", (string)json["tenant"]!);
        Assert.Equal("soft", (string)json["deleteMode"]!);
        Assert.Null(json["graceDays"]);
        Assert.True(json.ContainsKey("graceDays"));
        Assert.Equal(90, (int)json["auditRetentionDays"]!);
        Assert.False((bool)json["auditReads"]!);
        Assert.Empty(json["sensitiveAttributes"]!.AsArray());
        Assert.Equal(TenantSettings.DefaultRequestIdHeaders, json["requestIdHeaders"]!.AsArray().Select(h => (string)h!));
        Assert.True(json.ContainsKey("syncGroups"));
        Assert.Null(json["syncGroups"]);
        Assert.Equal("refuse", (string)json["protectedRolePolicy"]!);
    }

    [Fact]
    public async Task Sync_groups_and_the_protected_role_policy_are_set_and_put_back_to_all()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("tenants", "set", "acme", "--sync-groups", "SaaS-Admins, finance,saas-admins", "--protected-role-policy", "allow-and-alert");
        Assert.Equal(0, code);
        Assert.Contains("SaaS-Admins,finance", output, StringComparison.Ordinal);
        var json = await ShowJsonAsync("acme");
        Assert.Equal(["SaaS-Admins", "finance"], json["syncGroups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal("allow-and-alert", (string)json["protectedRolePolicy"]!);

        (code, _) = await RunAsync("tenants", "set", "acme", "--sync-groups", "all", "--protected-role-policy", "refuse");
        Assert.Equal(0, code);
        json = await ShowJsonAsync("acme");
        Assert.Null(json["syncGroups"]);
        Assert.Equal("refuse", (string)json["protectedRolePolicy"]!);
    }

    [Fact]
    public async Task Set_changes_only_the_options_given_and_prints_the_result()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("tenants", "set", "acme", "--grace-days", "30", "--audit-retention-days", "365");
        Assert.Equal(0, code);
        Assert.Contains("30 (soft-deleted users are purged after it)", output, StringComparison.Ordinal);
        (code, _) = await RunAsync("tenants", "set", "acme", "--audit-reads", "true", "--sensitive-attributes", $"ssn, {EmployeeNumber},SSN");
        Assert.Equal(0, code);

        var json = await ShowJsonAsync("acme");
        Assert.Equal(30, (int)json["graceDays"]!);
        Assert.Equal(365, (int)json["auditRetentionDays"]!);
        Assert.True((bool)json["auditReads"]!);
        Assert.Equal(["ssn", EmployeeNumber], json["sensitiveAttributes"]!.AsArray().Select(h => (string)h!));
        using var server = new ProvisioFactory(folder);
        var stored = await server.Services.GetRequiredService<ITenantSettingsStore>().GetAsync("acme", CancellationToken.None);
        Assert.Equal(DeleteMode.Soft, stored.DeleteMode);
        Assert.Equal(30, stored.GraceDays);
        Assert.Equal(["ssn", EmployeeNumber], stored.SensitiveAttributes);
    }

    [Fact]
    public async Task Lists_are_replaced_cleared_or_set_back_to_the_default()
    {
        await RunAsync("tenants", "create", "acme");

        await RunAsync("tenants", "set", "acme", "--request-id-headers", "X-Correlation-Id,X-Request-Id", "--sensitive-attributes", "ssn");
        Assert.Equal(["X-Correlation-Id", "X-Request-Id"], (await ShowJsonAsync("acme"))["requestIdHeaders"]!.AsArray().Select(h => (string)h!));

        await RunAsync("tenants", "set", "acme", "--request-id-headers", "default", "--sensitive-attributes", "");
        var json = await ShowJsonAsync("acme");
        Assert.Equal(TenantSettings.DefaultRequestIdHeaders, json["requestIdHeaders"]!.AsArray().Select(h => (string)h!));
        Assert.Empty(json["sensitiveAttributes"]!.AsArray());
    }

    [Fact]
    public async Task Hard_deletes_drop_the_grace_period_and_no_grace_removes_it()
    {
        await RunAsync("tenants", "create", "acme");
        await RunAsync("tenants", "set", "acme", "--grace-days", "30");

        var (code, _) = await RunAsync("tenants", "set", "acme", "--delete-mode", "hard");
        Assert.Equal(0, code);
        var json = await ShowJsonAsync("acme");
        Assert.Equal("hard", (string)json["deleteMode"]!);
        Assert.Null(json["graceDays"]);

        await RunAsync("tenants", "set", "acme", "--delete-mode", "soft", "--grace-days", "7");
        Assert.Equal(7, (int)(await ShowJsonAsync("acme"))["graceDays"]!);
        await RunAsync("tenants", "set", "acme", "--no-grace");
        Assert.Null((await ShowJsonAsync("acme"))["graceDays"]);
    }

    [Theory]
    [InlineData("--grace-days: must be from 1 to 3650", "--grace-days", "0")]
    [InlineData("--grace-days: must be from 1 to 3650", "--grace-days", "3651")]
    [InlineData("--grace-days: applies to soft deletes only", "--delete-mode", "hard", "--grace-days", "30")]
    [InlineData("--grace-days and --no-grace", "--grace-days", "5", "--no-grace")]
    [InlineData("--audit-retention-days: must be from 1 to 3650", "--audit-retention-days", "0")]
    [InlineData("--audit-retention-days: must be from 1 to 3650", "--audit-retention-days", "4000")]
    [InlineData("--delete-mode: 'purge' is neither 'soft' nor 'hard'", "--delete-mode", "purge")]
    [InlineData("--audit-reads: 'yes' is neither 'true' nor 'false'", "--audit-reads", "yes")]
    [InlineData("'X Request Id' is not an HTTP header name", "--request-id-headers", "X Request Id")]
    [InlineData("'X-Id:1' is not an HTTP header name", "--request-id-headers", "X-Id:1,X-Request-Id")]
    [InlineData("--sensitive-attributes: an attribute path must not be empty", "--sensitive-attributes", "ssn,,employeeNumber")]
    [InlineData("every User needs its userName", "--sensitive-attributes", "ssn,userName")]
    [InlineData("the server owns 'id'", "--sensitive-attributes", "id")]
    [InlineData("the server owns 'meta'", "--sensitive-attributes", "meta.created")]
    [InlineData("the server owns 'schemas'", "--sensitive-attributes", "schemas")]
    [InlineData("every Group needs its displayName", "--sensitive-attributes", "displayName")]
    [InlineData("--protected-role-policy: 'warn' is neither 'refuse' nor 'allow-and-alert'", "--protected-role-policy", "warn")]
    [InlineData("--sync-groups: group 'a?b' contains a control character", "--sync-groups", "a\u0001b")]
    public async Task Invalid_settings_are_refused_with_the_reason_and_change_nothing(string reason, params string[] options)
    {
        await RunAsync("tenants", "create", "acme");
        var before = (await ShowJsonAsync("acme")).ToJsonString();

        var (code, output) = await RunAsync(["tenants", "set", "acme", .. options]);

        Assert.Equal(1, code);
        Assert.Contains("Nothing changed", output, StringComparison.Ordinal);
        Assert.Contains(reason, output, StringComparison.Ordinal);
        Assert.Equal(before, (await ShowJsonAsync("acme")).ToJsonString());
    }

    [Fact]
    public async Task Display_name_may_be_dropped_from_users_alone()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, _) = await RunAsync("tenants", "set", "acme", "--sensitive-attributes", "urn:ietf:params:scim:schemas:core:2.0:User:displayName");

        Assert.Equal(0, code);
    }

    [Theory]
    [InlineData("set", "nobody", "--audit-reads", "true")]
    [InlineData("show", "nobody")]
    public async Task An_unknown_tenant_is_refused(params string[] args)
    {
        var (code, output) = await RunAsync(["tenants", .. args]);

        Assert.Equal(1, code);
        Assert.Contains("No tenant 'nobody'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_without_options_says_so_and_fails()
    {
        await RunAsync("tenants", "create", "acme");

        var (code, output) = await RunAsync("tenants", "set", "acme");

        Assert.Equal(1, code);
        Assert.Contains("Nothing to change", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<JsonObject> ShowJsonAsync(string tenant)
    {
        var (code, output) = await RunAsync("tenants", "show", tenant, "--json");
        Assert.Equal(0, code);
        return JsonNode.Parse(output)!.AsObject();
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var all = args.Append("--data-dir").Append(folder).ToArray();
        using var output = new StringWriter();
        var code = await ProvisioCommandLine.Create(all, output).Parse(all).InvokeAsync();
        return (code, output.ToString());
    }
}
