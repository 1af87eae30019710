using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Server.Webhooks;
using Provisio.Storage.Events;
using Provisio.Storage.Sql;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>Adding, reading, changing and removing webhook endpoints over /api, and what is stored of their secrets.</summary>
public sealed class WebhookEndpointTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    internal const string Disabled = """, "enabled": false""";

    [Fact]
    public async Task Adding_an_endpoint_shows_its_secret_once_and_list_and_get_never_show_it()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PostAsync(WebhookApi.Path(scim.TenantId!),
            $$"""{"url": "{{WebhookApi.PublicUrl}}", "events": ["user.deactivated", "user.deleted"], "description": "HR sync"}""");

        Assert.Equal(HttpStatusCode.Created, response.Status);
        var created = response.Json;
        var id = (string)created["id"]!;
        var secret = (string)created["secret"]!;
        Assert.StartsWith("wh_", id, StringComparison.Ordinal);
        Assert.Matches("^whsec_[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal($"/api/tenants/{scim.TenantId}/webhooks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(WebhookApi.PublicUrl, (string)created["url"]!);
        Assert.Equal(["user.deactivated", "user.deleted"], created["events"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("HR sync", (string)created["description"]!);
        Assert.True((bool)created["enabled"]!);
        Assert.Null(created["previousSecretExpiresAt"]);

        var list = await admin.GetAsync(WebhookApi.Path(scim.TenantId!));
        var one = await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id));
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Equal(HttpStatusCode.OK, one.Status);
        var listed = Assert.Single(list.Json["items"]!.AsArray())!.AsObject();
        Assert.Equal(id, (string)listed["id"]!);
        Assert.Equal(id, (string)one.Json["id"]!);
        Assert.Null(one.Json["secret"]);
        Assert.Null(listed["secret"]);
        Assert.DoesNotContain(secret, list.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, one.Body, StringComparison.Ordinal);
        Assert.Equal(
            ["createdAt", "description", "enabled", "events", "id", "previousSecretExpiresAt", "updatedAt", "url"],
            one.Json.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_stored_secret_is_a_protected_payload_that_unprotects_to_the_shown_secret()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var created = await admin.AddAsync(scim.TenantId!);
        var (id, secret) = ((string)created["id"]!, (string)created["secret"]!);

        var stored = await ReadSecretColumnAsync(id);

        Assert.NotEqual(secret, stored);
        Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await factory.DumpDatabaseAsync(), StringComparison.Ordinal);
        var endpoint = await factory.Services.GetRequiredService<IWebhookStore>().FindAsync(scim.TenantId!, id, CancellationToken.None);
        Assert.Equal(stored, endpoint!.ProtectedSecret);
        Assert.Equal([secret], factory.Services.GetRequiredService<WebhookSecrets>().SigningSecrets(endpoint, DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("""{"url": "U", "events": ["user.exploded"]}""", "'user.exploded' is not an event type")]
    [InlineData("""{"url": "U", "events": []}""", "at least one event type")]
    [InlineData("""{"url": "U", "events": "user.created"}""", "events must be an array")]
    [InlineData("""{"url": "U", "events": [1]}""", "events must be an array")]
    [InlineData("""{"url": "U", "secret": "whsec_mine"}""", "'secret' is not a member")]
    [InlineData("""{"url": "U", "enabled": "yes"}""", "enabled must be true or false")]
    [InlineData("""{"events": ["user.created"]}""", "url is required")]
    [InlineData("""{"url": 7}""", "url must be a string")]
    [InlineData("""["U"]""", "must be a JSON object")]
    [InlineData("""{"url": """, "not valid JSON")]
    public async Task A_bad_body_is_a_400_that_says_what_to_fix_and_adds_nothing(string body, string expected)
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.PostAsync(WebhookApi.Path(scim.TenantId!), body.Replace("\"U\"", $"\"{WebhookApi.PublicUrl}\"", StringComparison.Ordinal));

        Assert.Contains(expected, response.AssertProblem(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Empty((await admin.GetAsync(WebhookApi.Path(scim.TenantId!))).Json["items"]!.AsArray());
    }

    [Fact]
    public async Task Events_left_out_or_null_mean_every_type()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var all = await admin.AddAsync(scim.TenantId!);
        var nulled = await admin.AddAsync(scim.TenantId!, extra: """, "events": null""");

        Assert.Null(all["events"]);
        Assert.Null(nulled["events"]);
    }

    [Fact]
    public async Task Patch_disables_and_enables_an_endpoint_and_changes_only_the_members_given()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var created = await admin.AddAsync(scim.TenantId!, extra: """, "events": ["user.created"], "description": "first" """);
        var path = WebhookApi.Path(scim.TenantId!, (string)created["id"]!);

        var disabled = await admin.PatchAsync(path, """{"enabled": false}""");
        Assert.Equal(HttpStatusCode.OK, disabled.Status);
        Assert.False((bool)disabled.Json["enabled"]!);
        Assert.Equal(["user.created"], disabled.Json["events"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("first", (string)disabled.Json["description"]!);
        Assert.False((bool)(await admin.GetAsync(path)).Json["enabled"]!);

        var changed = await admin.PatchAsync(path, """{"enabled": true, "events": null, "description": null, "url": "https://1.1.1.1/hooks"}""");
        Assert.Equal(HttpStatusCode.OK, changed.Status);
        var read = (await admin.GetAsync(path)).Json;
        Assert.True((bool)read["enabled"]!);
        Assert.Null(read["events"]);
        Assert.Null(read["description"]);
        Assert.Equal("https://1.1.1.1/hooks", (string)read["url"]!);
        Assert.Null(read["secret"]);
    }

    [Fact]
    public async Task Patch_with_a_refused_url_or_unknown_type_is_a_400_and_changes_nothing()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var created = await admin.AddAsync(scim.TenantId!);
        var path = WebhookApi.Path(scim.TenantId!, (string)created["id"]!);

        (await admin.PatchAsync(path, """{"enabled": false, "url": "https://127.0.0.1/x"}""")).AssertProblem(HttpStatusCode.BadRequest);
        (await admin.PatchAsync(path, """{"enabled": false, "events": ["nope"]}""")).AssertProblem(HttpStatusCode.BadRequest);

        var read = (await admin.GetAsync(path)).Json;
        Assert.True((bool)read["enabled"]!);
        Assert.Equal(WebhookApi.PublicUrl, (string)read["url"]!);
        Assert.Equal((string)created["updatedAt"]!, (string)read["updatedAt"]!);
    }

    [Fact]
    public async Task Rotating_gives_a_new_secret_and_both_sign_until_the_old_one_expires()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var created = await admin.AddAsync(scim.TenantId!);
        var (id, first) = ((string)created["id"]!, (string)created["secret"]!);

        var before = TimeProvider.System.GetUtcNow();
        var rotated = await admin.PostAsync(WebhookApi.Path(scim.TenantId!, id, "rotate-secret"));

        Assert.Equal(HttpStatusCode.OK, rotated.Status);
        var second = (string)rotated.Json["secret"]!;
        Assert.StartsWith("whsec_", second, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        var expires = DateTimeOffset.Parse((string)rotated.Json["previousSecretExpiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, before.AddHours(24).AddSeconds(-1), TimeProvider.System.GetUtcNow().AddHours(24).AddSeconds(1));
        var read = await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id));
        Assert.Equal((string)rotated.Json["previousSecretExpiresAt"]!, (string)read.Json["previousSecretExpiresAt"]!);
        Assert.DoesNotContain(second, read.Body, StringComparison.Ordinal);

        var endpoint = (await factory.Services.GetRequiredService<IWebhookStore>().FindAsync(scim.TenantId!, id, CancellationToken.None))!;
        var stored = endpoint.PreviousSecretExpires!.Value;
        Assert.Equal(expires, stored.AddTicks(-(stored.Ticks % TimeSpan.TicksPerMillisecond)));
        var secrets = factory.Services.GetRequiredService<WebhookSecrets>();
        Assert.Equal([second, first], secrets.SigningSecrets(endpoint, stored.AddTicks(-1)));
        Assert.Equal([second], secrets.SigningSecrets(endpoint, stored));
    }

    [Fact]
    public async Task An_endpoint_starts_at_the_tenants_last_event()
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("before@example.com");
        await scim.CreateUserAsync("before2@example.com");
        var admin = await AdminClient.CreateAsync(factory);

        var id = (string)(await admin.AddAsync(scim.TenantId!))["id"]!;
        var fresh = await factory.CreateTenantAsync();
        var freshId = (string)(await admin.AddAsync(fresh.TenantId!))["id"]!;

        var consumers = factory.Services.GetRequiredService<IEventConsumerStore>();
        Assert.Equal(2, await consumers.ReadPositionAsync(WebhookEndpoint.ConsumerName(id), scim.TenantId!, CancellationToken.None));
        Assert.Equal(0, await consumers.ReadPositionAsync(WebhookEndpoint.ConsumerName(freshId), fresh.TenantId!, CancellationToken.None));
    }

    [Fact]
    public async Task Removing_an_endpoint_deletes_its_position_retries_dead_deliveries_and_log()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        // Disabled, so no delivery worker touches the rows this test writes for them.
        var id = (string)(await admin.AddAsync(scim.TenantId!, extra: Disabled))["id"]!;
        var keep = (string)(await admin.AddAsync(scim.TenantId!, extra: Disabled))["id"]!;
        var user = await scim.CreateUserAsync("gone@example.com");
        var userId = (string)user["id"]!;
        var consumers = factory.Services.GetRequiredService<IEventConsumerStore>();
        var log = factory.Services.GetRequiredService<IWebhookAttemptLog>();
        var now = TimeProvider.System.GetUtcNow();
        foreach (var endpoint in new[] { id, keep })
        {
            var consumer = WebhookEndpoint.ConsumerName(endpoint);
            await consumers.AdvanceAsync(consumer, scim.TenantId!, 1, new EventRetry(1, userId, 1, now.AddHours(1), "503"), CancellationToken.None);
            await consumers.BuryAsync(consumer, scim.TenantId!, new EventRetry(1, userId, 8, now, "503"), now, null, CancellationToken.None);
            await consumers.AdvanceAsync(consumer, scim.TenantId!, 1, new EventRetry(1, userId, 1, now.AddHours(1), "503"), CancellationToken.None);
            await log.RecordAsync(Attempt(scim.TenantId!, endpoint, now), 10, CancellationToken.None);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(WebhookApi.Path(scim.TenantId!, id))).Status);

        var removed = WebhookEndpoint.ConsumerName(id);
        Assert.Equal(0, await consumers.ReadPositionAsync(removed, scim.TenantId!, CancellationToken.None));
        Assert.Empty(await consumers.ReadRetriesAsync(removed, scim.TenantId!, CancellationToken.None));
        Assert.Empty(await consumers.ReadDeadLettersAsync(removed, scim.TenantId!, 10, CancellationToken.None));
        Assert.Empty(await log.ListAsync(scim.TenantId!, id, 10, CancellationToken.None));
        Assert.Equal(0, await CountRowsAsync("event_consumers", "consumer", removed));
        (await admin.GetAsync(WebhookApi.Path(scim.TenantId!, id))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.DeleteAsync(WebhookApi.Path(scim.TenantId!, id))).AssertProblem(HttpStatusCode.NotFound);
        // The other endpoint keeps everything.
        var kept = WebhookEndpoint.ConsumerName(keep);
        Assert.Equal(1, await consumers.ReadPositionAsync(kept, scim.TenantId!, CancellationToken.None));
        Assert.Single(await consumers.ReadRetriesAsync(kept, scim.TenantId!, CancellationToken.None));
        Assert.Single(await consumers.ReadDeadLettersAsync(kept, scim.TenantId!, 10, CancellationToken.None));
        Assert.Single(await log.ListAsync(scim.TenantId!, keep, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Another_tenants_endpoint_is_a_404_on_every_route()
    {
        var mine = await factory.CreateTenantAsync();
        var theirs = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var id = (string)(await admin.AddAsync(theirs.TenantId!))["id"]!;
        var tenant = mine.TenantId!;

        (await admin.GetAsync(WebhookApi.Path(tenant, id))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PatchAsync(WebhookApi.Path(tenant, id), """{"enabled": false}""")).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync(WebhookApi.Path(tenant, id, "rotate-secret"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync(WebhookApi.Path(tenant, id, "test"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.GetAsync(WebhookApi.Path(tenant, id, "deliveries"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.GetAsync(WebhookApi.Path(tenant, id, "dead"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync(WebhookApi.Path(tenant, id, "dead/requeue"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.PostAsync(WebhookApi.Path(tenant, id, "dead/1/requeue"))).AssertProblem(HttpStatusCode.NotFound);
        (await admin.DeleteAsync(WebhookApi.Path(tenant, id))).AssertProblem(HttpStatusCode.NotFound);
        Assert.Empty((await admin.GetAsync(WebhookApi.Path(tenant))).Json["items"]!.AsArray());
        var still = await admin.GetAsync(WebhookApi.Path(theirs.TenantId!, id));
        Assert.Equal(HttpStatusCode.OK, still.Status);
        Assert.True((bool)still.Json["enabled"]!);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_webhook_routes()
    {
        var document = (await new AdminClient(factory.CreateClient(), key: null).GetAsync("/api/openapi/v1.json")).Json;

        var paths = document["paths"]!.AsObject();
        Assert.NotNull(paths["/api/tenants/{tenant}/webhooks"]!["post"]);
        Assert.NotNull(paths["/api/tenants/{tenant}/webhooks/{id}"]!["patch"]);
        Assert.NotNull(paths["/api/tenants/{tenant}/webhooks/{id}/dead/{sequence}/requeue"]!["post"]);
        Assert.Equal("Webhooks", (string)paths["/api/tenants/{tenant}/webhooks/{id}/rotate-secret"]!["post"]!["tags"]![0]!);
    }

    internal static WebhookAttempt Attempt(string tenant, string endpoint, DateTimeOffset at, long? sequence = 1, int attempt = 1) => new()
    {
        TenantId = tenant,
        EndpointId = endpoint,
        EventId = Guid.CreateVersion7(at).ToString(),
        EventType = EventTypes.UserCreated,
        Sequence = sequence,
        Attempt = attempt,
        At = at,
        Outcome = WebhookOutcome.Failed,
        StatusCode = 503,
        LatencyMilliseconds = 12,
        Error = "HTTP 503",
    };

    private async Task<string> ReadSecretColumnAsync(string id)
    {
        await using var connection = await factory.Services.GetRequiredService<ISqlDialect>().OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT secret FROM webhook_endpoints WHERE id = '{id}'";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> CountRowsAsync(string table, string column, string value)
    {
        await using var connection = await factory.Services.GetRequiredService<ISqlDialect>().OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {column} = '{value}'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
