using Provisio.Server.Tests.Events;

namespace Provisio.Server.Tests.Operations;

/// <summary>The consumer engine counts what it delivers and what it gives up, per consumer and tenant, on /metrics.</summary>
public sealed class EventMetricsTests : IDisposable
{
    private readonly HandlerFactory server = new()
    {
        Settings = { ["Provisio:Metrics:Prometheus"] = "true", ["Provisio:Events:MaxAttempts"] = "2" },
    };

    [Fact]
    public async Task Delivered_and_dead_events_are_counted_per_consumer_and_tenant()
    {
        var scim = await server.CreateTenantAsync();
        server.Recorder.Fail = e => e.Data.TryGetProperty("userName", out var name) && name.GetString() == "doomed@example.com";

        await scim.CreateUserAsync("fine@example.com");
        await scim.CreateUserAsync("doomed@example.com");

        var tenant = ("tenant", scim.TenantId!);
        var consumer = ("consumer", "handlers");
        var scrape = await ScrapeUntilAsync(s => s.Value("provisio_events_dead_total", consumer, tenant) is not null);
        Assert.Equal(2, scrape.Value("provisio_events_written_total", tenant));
        Assert.Equal(1, scrape.Value("provisio_events_delivered_total", consumer, tenant));
        Assert.Equal(1, scrape.Value("provisio_events_dead_total", consumer, tenant));
    }

    public void Dispose() => server.Dispose();

    private async Task<PrometheusScrape> ScrapeUntilAsync(Func<PrometheusScrape, bool> condition)
    {
        using var http = server.CreateClient();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var scrape = new PrometheusScrape(await http.GetStringAsync("/metrics"));
            if (condition(scrape))
            {
                return scrape;
            }
            if (waited.Elapsed > Eventually.Timeout)
            {
                var events = scrape.Text.Split('\n').Where(l => l.StartsWith("provisio_events", StringComparison.Ordinal) || l.Contains("overflow", StringComparison.Ordinal));
                Assert.Fail($"No dead event counted within {Eventually.Timeout.TotalSeconds} s; the recorder saw {server.Recorder.Attempts.Count} attempts. Events series:\n{string.Join('\n', events)}");
            }
            await Task.Delay(50);
        }
    }
}
