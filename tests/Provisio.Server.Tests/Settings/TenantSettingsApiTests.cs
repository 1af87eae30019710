using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Settings;

/// <summary>GET and PATCH /api/tenants/{tenant}/settings: every setting, changed by JSON merge patch (issue #14).</summary>
public sealed class TenantSettingsApiTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private static readonly string[] Members =
    [
        "deleteMode", "graceDays", "auditRetentionDays", "auditReads", "sensitiveAttributes", "requestIdHeaders", "syncGroups",
        "protectedRolePolicy", "paused", "dryRun", "externalIdUnique", "maxPageSize", "defaultPageSize", "rateLimit", "staleAfterHours",
    ];

    [Fact]
    public async Task Get_returns_every_setting_with_its_default()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var settings = await admin.SettingsAsync(scim.TenantId!);

        Assert.Equal(Members.Order(StringComparer.Ordinal), settings.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("soft", (string)settings["deleteMode"]!);
        Assert.Null(settings["graceDays"]);
        Assert.Equal(90, (int)settings["auditRetentionDays"]!);
        Assert.False((bool)settings["auditReads"]!);
        Assert.Empty(settings["sensitiveAttributes"]!.AsArray());
        Assert.Equal(["client-request-id", "X-Request-Id", "X-Okta-Request-Id", "traceparent"], settings["requestIdHeaders"]!.AsArray().Select(h => (string)h!));
        Assert.Null(settings["syncGroups"]);
        Assert.Equal("refuse", (string)settings["protectedRolePolicy"]!);
        Assert.False((bool)settings["paused"]!);
        Assert.False((bool)settings["dryRun"]!);
        Assert.False((bool)settings["externalIdUnique"]!);
        Assert.Null(settings["maxPageSize"]);
        Assert.Null(settings["defaultPageSize"]);
        Assert.Null(settings["rateLimit"]);
        Assert.Equal(24, (int)settings["staleAfterHours"]!);
    }

    [Fact]
    public async Task A_merge_patch_changes_only_what_it_names_and_answers_with_every_setting()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var answered = await admin.SetAsync(scim.TenantId!, """
            {"paused": true, "dryRun": true, "externalIdUnique": true, "maxPageSize": 50, "defaultPageSize": 20,
             "rateLimit": {"permitsPerSecond": 2.5, "burst": 40}, "staleAfterHours": 6, "graceDays": 30}
            """);

        Assert.Equal(Members.Length, answered.Count);
        Assert.True(JsonNode.DeepEquals(answered, await admin.SettingsAsync(scim.TenantId!)));
        Assert.True((bool)answered["paused"]!);
        Assert.True((bool)answered["dryRun"]!);
        Assert.True((bool)answered["externalIdUnique"]!);
        Assert.Equal(50, (int)answered["maxPageSize"]!);
        Assert.Equal(20, (int)answered["defaultPageSize"]!);
        Assert.Equal(2.5, (double)answered["rateLimit"]!["permitsPerSecond"]!);
        Assert.Equal(40, (int)answered["rateLimit"]!["burst"]!);
        Assert.Equal(6, (int)answered["staleAfterHours"]!);
        Assert.Equal(30, (int)answered["graceDays"]!);
        Assert.Equal(90, (int)answered["auditRetentionDays"]!);

        // An object merges member by member; null puts a setting back to its default.
        answered = await admin.SetAsync(scim.TenantId!, """{"rateLimit": {"burst": 80}, "paused": null, "maxPageSize": null, "defaultPageSize": null, "staleAfterHours": null}""");
        Assert.Equal(2.5, (double)answered["rateLimit"]!["permitsPerSecond"]!);
        Assert.Equal(80, (int)answered["rateLimit"]!["burst"]!);
        Assert.False((bool)answered["paused"]!);
        Assert.Null(answered["maxPageSize"]);
        Assert.Equal(24, (int)answered["staleAfterHours"]!);
        Assert.True((bool)answered["dryRun"]!);

        answered = await admin.SetAsync(scim.TenantId!, """{"rateLimit": null, "dryRun": false}""");
        Assert.Null(answered["rateLimit"]);
        Assert.False((bool)answered["dryRun"]!);
    }

    [Theory]
    [InlineData("""{"paused": "yes"}""", "paused must be true or false")]
    [InlineData("""{"maxPageSize": 0}""", "maxPageSize: must be from 1 to 10000")]
    [InlineData("""{"maxPageSize": "50"}""", "maxPageSize must be a whole number from 1 to 10000")]
    [InlineData("""{"maxPageSize": 10, "defaultPageSize": 11}""", "defaultPageSize: must not be above the maximum page size (10)")]
    [InlineData("""{"rateLimit": {"permitsPerSecond": 0, "burst": 10}}""", "rateLimit: permitsPerSecond must be from 0.01")]
    [InlineData("""{"rateLimit": {"burst": 10}}""", "rateLimit must be {\"permitsPerSecond\"")]
    [InlineData("""{"rateLimit": {"permitsPerSecond": 1, "burst": 10, "queue": 5}}""", "rateLimit must be")]
    [InlineData("""{"staleAfterHours": 0}""", "staleAfterHours: must be from 1 to 8760 hours")]
    [InlineData("""{"deleteMode": "shred"}""", "deleteMode must be \"soft\" or \"hard\"")]
    [InlineData("""{"deleteMode": 1}""", "deleteMode must be \"soft\" or \"hard\"")]
    [InlineData("""{"auditRetentionDays": 4000}""", "auditRetentionDays: must be from 1 to 3650 days")]
    [InlineData("""{"pause": true}""", "'pause' is not a setting; the settings are deleteMode,")]
    [InlineData("""[{"paused": true}]""", "The body must be a JSON object")]
    [InlineData("""{"paused": tru""", "The body is not valid JSON")]
    public async Task A_value_a_setting_does_not_allow_is_a_400_naming_it_and_nothing_changes(string patch, string expected)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var before = await admin.SettingsAsync(scim.TenantId!);

        var response = await admin.PatchAsync(SettingsApi.Path(scim.TenantId!), patch);

        var detail = response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.Contains(expected, detail, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(before, await admin.SettingsAsync(scim.TenantId!)));
    }

    [Fact]
    public async Task One_bad_member_refuses_the_good_ones_beside_it()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PatchAsync(SettingsApi.Path(scim.TenantId!), """{"paused": true, "maxPageSize": -1}""");

        Assert.Contains("maxPageSize", response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.False((bool)(await admin.SettingsAsync(scim.TenantId!))["paused"]!);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.SendAsync(HttpMethod.Patch, SettingsApi.Path(scim.TenantId!), "paused=true", "application/x-www-form-urlencoded");

        var detail = response.AssertProblem(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("Content-Type", detail, StringComparison.Ordinal);
        Assert.False((bool)(await admin.SettingsAsync(scim.TenantId!))["paused"]!);
    }

    [Fact]
    public async Task An_unknown_tenant_is_a_404_and_a_scim_token_is_no_admin_key()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        (await admin.GetAsync(SettingsApi.Path("no-such-tenant"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PatchAsync(SettingsApi.Path("no-such-tenant"), """{"paused": true}""")).AssertProblem(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.WithKey(scim.Token).GetAsync(SettingsApi.Path(scim.TenantId!))).Status);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_settings_dry_run_and_status_routes()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/api/openapi/v1.json"))!;

        var settings = document["paths"]!["/api/tenants/{tenant}/settings"]!;
        Assert.NotNull(settings["get"]);
        Assert.NotNull(settings["patch"]!["requestBody"]!["content"]!["application/merge-patch+json"]);
        Assert.NotNull(document["paths"]!["/api/tenants/{tenant}/dry-run"]!["get"]);
        Assert.NotNull(document["paths"]!["/api/tenants/{tenant}/status"]!["get"]);
    }
}
