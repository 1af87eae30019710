using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Server.Tests.Support;
using Provisio.Storage;

namespace Provisio.Server.Tests.Resources;

/// <summary>Issue #10: a costly filter is refused or stopped with a clear 400, and never holds another tenant's requests.</summary>
public sealed class FilterCostTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string SearchRequestSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    /// <summary>The costliest shape the issue measured (an undeclared extension attribute, read from every document), ten times.</summary>
    internal static readonly string CostliestAllowedFilter = Repeat("urn:a:b:User:k pr", 10);

    [Theory]
    [InlineData("urn:a:b:User:k pr", 195)]
    [InlineData("urn:a:b:User:k.x gt 1", 164)]
    [InlineData("nickName pr", 11)]
    [InlineData("ims[value pr]", 11)]
    [InlineData("userName eq \"someone\"", 101)]
    public async Task A_filter_over_the_complexity_limits_is_400_invalid_filter_too_complex(string term, int times)
    {
        var scim = await factory.CreateTenantAsync();
        await scim.CreateUserAsync("kept@example.com");

        var searched = await scim.PostAsync("/Users/.search", Search(Repeat(term, times)));
        var listed = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(Repeat(term, times)));

        foreach (var refused in new[] { searched, listed })
        {
            Assert.Equal("invalidFilter", refused.AssertError(HttpStatusCode.BadRequest));
            Assert.Contains("too complex", (string)refused.Json["detail"]!, StringComparison.Ordinal);
            Assert.False(refused.Headers.Contains("Retry-After"));
        }
        Assert.Equal(1, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    [Fact]
    public async Task Filters_within_the_limits_are_answered()
    {
        var scim = await factory.CreateTenantAsync();
        var alice = await scim.CreateUserAsync("alice@example.com", u => u["nickName"] = "Al");
        await scim.CreateUserAsync("bob@example.com");
        var lookups = string.Join(" or ", Enumerable.Range(0, 99).Select(i => $"userName eq \"nobody{i}\"")) + " or userName eq \"alice@example.com\"";

        var byLookups = await scim.PostAsync("/Users/.search", Search(lookups));
        var byScans = await scim.PostAsync("/Users/.search", Search(Repeat("nickName pr", 10)));
        var root = await scim.PostAsync("/.search", Search("displayName co \"x\" or userName eq \"alice@example.com\""));

        Assert.Equal([(string)alice["id"]!], byLookups.Ids);
        Assert.Equal([(string)alice["id"]!], byScans.Ids);
        Assert.Equal([(string)alice["id"]!], root.Ids);
    }

    [Fact]
    public async Task A_search_that_runs_past_the_time_budget_is_400_took_too_long_not_503()
    {
        using var server = new ProvisioFactory { Settings = { ["Provisio:Queries:ScanTimeout"] = "00:00:00.001" } };
        var scim = await server.CreateTenantAsync();
        await SeedUsersAsync(server, scim.TenantId!, 5_000);
        var lookup = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("userName eq \"user7@example.com\""));

        var stopped = await scim.PostAsync("/Users/.search", Search(CostliestAllowedFilter));

        Assert.Equal("invalidFilter", stopped.AssertError(HttpStatusCode.BadRequest));
        Assert.Contains("took too long", (string)stopped.Json["detail"]!, StringComparison.Ordinal);
        Assert.False(stopped.Headers.Contains("Retry-After"));
        // Lookups are not scans: the budget does not touch them.
        Assert.Equal(HttpStatusCode.OK, lookup.Status);
        Assert.Single(lookup.Ids);
    }

    [Fact]
    public async Task A_search_narrowed_only_by_a_value_every_user_shares_is_a_scan_within_the_budget()
    {
        // The tenant chooses its own values: an indexed displayName that every user has narrows nothing.
        using var server = new ProvisioFactory { Settings = { ["Provisio:Queries:ScanTimeout"] = "00:00:00.001" } };
        var scim = await server.CreateTenantAsync();
        await SeedUsersAsync(server, scim.TenantId!, 5_000, user => user["displayName"] = "Everyone");

        var stopped = await scim.PostAsync("/Users/.search", Search($"displayName eq \"Everyone\" and ({CostliestAllowedFilter})"));

        Assert.Equal("invalidFilter", stopped.AssertError(HttpStatusCode.BadRequest));
        Assert.Contains("took too long", (string)stopped.Json["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_search_whose_client_hung_up_stops_at_once_and_frees_the_tenants_turn()
    {
        // No complexity limit and a long budget: only the client's disconnect can stop this search early.
        using var server = new ProvisioFactory
        {
            Settings =
            {
                ["Provisio:Queries:MaxFilterTerms"] = "1000",
                ["Provisio:Queries:MaxFilterScanTerms"] = "1000",
                ["Provisio:Queries:ScanTimeout"] = "00:10:00",
            },
        };
#if POSTGRES
        // Npgsql waits up to its cancellation timeout (2 s by default) for PostgreSQL to end a cancelled query before it
        // drops the connection, and in a busy test run that wait is sometimes all used (the next scan then waited 2.04
        // and 2.10 s of a 2.7 and 3.5 s scan). A short one keeps that bound well inside the one asserted below.
        server.Settings["Provisio:Storage:ConnectionString"] = server.PostgresConnectionString + ";Cancellation Timeout=200";
#endif
        var scim = await server.CreateTenantAsync();
        await SeedUsersAsync(server, scim.TenantId!, 3_000);
        var costly = Search(Repeat("urn:a:b:User:k pr", 100));
        Assert.Equal(HttpStatusCode.OK, (await scim.PostAsync("/Users/.search", costly)).Status);
        var started = Stopwatch.GetTimestamp();
        Assert.Equal(HttpStatusCode.OK, (await scim.PostAsync("/Users/.search", costly)).Status);
        var wholeScan = Stopwatch.GetElapsedTime(started);

        using var hangUp = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, scim.BasePath + "/Users/.search");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", scim.Token);
        request.Content = new StringContent(costly.ToJsonString(), System.Text.Encoding.UTF8, "application/scim+json");
        // The test server runs a request on the caller's thread until it first waits, and SQLite's calls block: start
        // the abandoned search on a thread of its own, so hanging up happens while it runs.
        var abandoned = Task.Run(() => scim.Http.SendAsync(request, hangUp.Token));
#if POSTGRES
        // A cancel request that reaches PostgreSQL while the backend waits for the rest of the query's messages is
        // ignored, and the scan runs on: hang up only once the database has been running it for a while.
        await ScanRunsInPostgresAsync(server);
#else
        await Task.Delay(wholeScan / 10);
#endif
        await hangUp.CancelAsync();
        // One scan per tenant at a time: the next one waits until the abandoned one has stopped.
        started = Stopwatch.GetTimestamp();
        var next = await scim.PostAsync("/Users/.search", Search("nickName eq \"n7\""));
        var waited = Stopwatch.GetElapsedTime(started);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Single(next.Ids);
        Assert.True(waited < wholeScan / 2, $"The next scan took {waited.TotalMilliseconds:F0} ms; the abandoned one alone takes {wholeScan.TotalMilliseconds:F0} ms.");
    }

#if POSTGRES
    private static async Task ScanRunsInPostgresAsync(ProvisioFactory server)
    {
        await using var connection = new Npgsql.NpgsqlConnection(server.PostgresConnectionString);
        await connection.OpenAsync();
        await Events.Eventually.HoldsAsync(async () =>
        {
            await using var running = new Npgsql.NpgsqlCommand("""
                SELECT count(*) FROM pg_stat_activity
                 WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() AND query LIKE '%FROM resources r%'
                   AND clock_timestamp() - query_start > interval '200 milliseconds'
                """, connection);
            return (long)(await running.ExecuteScalarAsync())! > 0;
        }, "the scan runs in PostgreSQL");
    }

    [Fact]
    public async Task A_search_that_meets_the_postgres_command_timeout_is_400_took_too_long_not_503_retry_after()
    {
        // Only the database's own limit (Npgsql's command timeout) can stop this search.
        using var server = new ProvisioFactory
        {
            Settings =
            {
                ["Provisio:Queries:MaxFilterTerms"] = "1000",
                ["Provisio:Queries:MaxFilterScanTerms"] = "1000",
                ["Provisio:Queries:ScanTimeout"] = "00:10:00",
            },
        };
        server.Settings["Provisio:Storage:ConnectionString"] = server.PostgresConnectionString + ";Command Timeout=1";
        var scim = await server.CreateTenantAsync();
        await SeedUsersAsync(server, scim.TenantId!, 3_000);

        var stopped = await scim.PostAsync("/Users/.search", Search(Repeat("urn:a:b:User:k pr", 195)));

        Assert.Equal("invalidFilter", stopped.AssertError(HttpStatusCode.BadRequest));
        Assert.Contains("took too long", (string)stopped.Json["detail"]!, StringComparison.Ordinal);
        Assert.False(stopped.Headers.Contains("Retry-After"));
    }
#endif

    internal static async Task SeedUsersAsync(ProvisioFactory server, string tenantId, int count, Action<JsonObject>? customize = null)
    {
        var store = server.Services.GetRequiredService<IResourceStore>();
        var user = server.Services.GetRequiredService<SchemaRegistry>().User;
        for (var i = 0; i < count; i++)
        {
            var body = ScimClient.NewUser($"user{i}@example.com");
            body["nickName"] = $"n{i}";
            body["urn:a:b:User"] = new JsonObject { ["j"] = i };
            customize?.Invoke(body);
            await store.CreateAsync(tenantId, new ResourceChange("User", ResourceValidator.ReadRepresentation(body, user)), ReadOptions.DocumentOnly, Provisio.Storage.Events.WriteContext.Background("seed"), CancellationToken.None);
        }
    }

    internal static JsonObject Search(string filter) => new()
    {
        ["schemas"] = new JsonArray(SearchRequestSchema),
        ["filter"] = filter,
        ["count"] = 10,
    };

    private static string Repeat(string term, int times) => string.Join(" or ", Enumerable.Repeat(term, times));
}
