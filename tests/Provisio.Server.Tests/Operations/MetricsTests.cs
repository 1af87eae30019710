using System.Net;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Operations;

/// <summary>Provisio's meter scraped over HTTP at <c>/metrics</c>, as Prometheus reads it, when an operator turns it on.</summary>
public sealed class MetricsTests : IDisposable
{
    private readonly ProvisioFactory factory = new() { Settings = { ["Provisio:Metrics:Prometheus"] = "true" } };

    [Fact]
    public async Task Scim_requests_are_counted_by_tenant_resource_operation_and_status()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("counted@example.com");
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/Users/{user["id"]}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/Users/{user["id"]}")).Status);
        (await scim.GetAsync("/Users/no-such-user")).AssertError(HttpStatusCode.NotFound);

        var scrape = await ScrapeAsync();

        var tenant = ("tenant", scim.TenantId!);
        Assert.Equal(1, scrape.Value("provisio_scim_requests_total", tenant, ("resource", "Users"), ("operation", "create"), ("status", "201")));
        Assert.Equal(2, scrape.Value("provisio_scim_requests_total", tenant, ("resource", "Users"), ("operation", "read"), ("status", "200")));
        Assert.Equal(1, scrape.Value("provisio_scim_requests_total", tenant, ("resource", "Users"), ("operation", "read"), ("status", "404")));
        Assert.Null(scrape.Value("provisio_scim_requests_total", tenant, ("operation", "delete")));
        Assert.Equal(1, scrape.Value("provisio_events_written_total", tenant));
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_counted_without_a_tenant()
    {
        var scim = await factory.CreateTenantAsync();

        (await scim.WithToken("scim_not_a_token").GetAsync("/Users")).AssertError(HttpStatusCode.Unauthorized);

        var scrape = await ScrapeAsync();
        Assert.True(scrape.Value("provisio_scim_requests_total", ("resource", "Users"), ("operation", "list"), ("status", "401")) >= 1);
        Assert.DoesNotContain($"tenant=\"{scim.TenantId}\"", scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_refused_by_the_tenants_rate_limit_is_counted()
    {
        using var limited = new ProvisioFactory
        {
            Settings =
            {
                ["Provisio:Metrics:Prometheus"] = "true",
                ["Provisio:RateLimits:Scim:Burst"] = "1",
                ["Provisio:RateLimits:Scim:PermitsPerSecond"] = "0.01",
            },
        };
        var scim = await limited.CreateTenantAsync();

        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        (await scim.GetAsync("/Users")).AssertError(HttpStatusCode.TooManyRequests);

        using var http = limited.CreateClient();
        var scrape = new PrometheusScrape(await http.GetStringAsync("/metrics"));
        Assert.Equal(1, scrape.Value("provisio_scim_rate_limited_total", ("tenant", scim.TenantId!)));
        Assert.Equal(1, scrape.Value("provisio_scim_requests_total", ("tenant", scim.TenantId!), ("operation", "list"), ("status", "429")));
    }

#if !POSTGRES
    [Fact]
    public async Task Sqlite_writes_count_their_wait_for_the_write_gate_and_their_hold_of_it_in_seconds()
    {
        var scim = await factory.CreateTenantAsync();
        var meter = ("otel_scope_name", "Provisio");
        const string wait = "provisio_sqlite_write_wait_seconds", hold = "provisio_sqlite_write_hold_seconds";
        // The meter is the process's, so other tests' writes count into it too: only growth is asserted. The exporter
        // answers a scrape from its cache for a moment, hence the wait for the next one.
        var before = await ScrapeAsync();

        await scim.CreateUserAsync("gated@example.com");

        var after = before;
        await Eventually.HoldsAsync(async () =>
        {
            after = await ScrapeAsync();
            return after.Value(hold + "_count", meter) >= (before.Value(hold + "_count", meter) ?? 0) + 1;
        }, "the write's hold of the gate counted");
        Assert.True(after.Value(wait + "_count", meter) >= (before.Value(wait + "_count", meter) ?? 0) + 1);
        foreach (var name in new[] { wait, hold })
        {
            Assert.True(after.Value(name + "_sum", meter) > 0, $"{name}_sum is not positive");
            // Buckets in seconds, from 50 µs: the SDK's default bounds (0 to 10,000) are meant for milliseconds.
            Assert.NotNull(after.Value(name + "_bucket", meter, ("le", "0.001")));
        }
    }
#endif

    public void Dispose() => factory.Dispose();

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var http = factory.CreateClient();
        using var response = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return new PrometheusScrape(await response.Content.ReadAsStringAsync());
    }
}
