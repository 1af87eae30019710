using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.Storage.Tenancy;

namespace Provisio.Bench;

/// <summary>
/// The costly filters of issue #10 against a seeded tenant: how long each takes (or how it is refused), then whether a
/// second tenant's small reads stay fast while the first sends the costliest filter at concurrency 8.
/// </summary>
internal static class FilterCostBenchmark
{
    private const string Quiet = "quiet";

    /// <summary>Filters of repeated terms, each as long as a filter may be (4,096 characters).</summary>
    public static readonly (string Name, string Filter)[] Shapes =
    [
        ("urn:a:b:User:k pr (×N)", Repeat("urn:a:b:User:k pr")),
        ("urn:a:b:User:k.x gt 1 (×N)", Repeat("urn:a:b:User:k.x gt 1")),
        ("nickName pr (×N)", Repeat("nickName pr")),
        ("ims[value pr] (×N)", Repeat("ims[value pr]")),
        ("nickName pr (×8)", string.Join(" or ", Enumerable.Repeat("nickName pr", 8))),
        ("emails[value co \"a\" or …] (×8)", "emails[" + string.Join(" or ", Enumerable.Range(0, 8).Select(i => $"value co \"x{i}\"")) + "]"),
    ];

    public static async Task<int> RunAsync(int users, int seconds, BenchStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Provisio filter cost benchmark.");
        await using var server = await BenchServer.StartAsync(storage, users, output, cancellationToken);
        var quiet = await QuietTenantAsync(server, cancellationToken);
        using var loud = new HttpClient { BaseAddress = server.Http.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        loud.DefaultRequestHeaders.Authorization = server.Http.DefaultRequestHeaders.Authorization;

        await output.WriteLineAsync();
        await output.WriteLineAsync("| filter | chars | status | seconds |");
        await output.WriteLineAsync("|---|---|---|---|");
        foreach (var (name, filter) in Shapes)
        {
            var started = Stopwatch.GetTimestamp();
            var status = await SearchAsync(loud, filter, cancellationToken);
            await output.WriteLineAsync($"| `{name}` | {filter.Length} | {status} | {Stopwatch.GetElapsedTime(started).TotalSeconds:F2} |");
        }

        // Eight substring terms over every email of every user: within the default filter limits.
        var costly = Shapes[^1].Filter;
        await output.WriteLineAsync();
        await output.WriteLineAsync($"8 concurrent '{Shapes[^1].Name}' searches on '{BenchServer.Tenant}' for {seconds} s; meanwhile GET /Users?count=1 on '{Quiet}':");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(seconds));
        var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    statuses.Add(await SearchAsync(loud, costly, stop.Token));
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }, CancellationToken.None)).ToList();
        var samples = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await quiet.GetAsync(new Uri("Users?count=1", UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(20, cancellationToken);
        }
        await Task.WhenAll(workers);
        var sorted = samples.Order().ToArray();
        await output.WriteLineAsync($"quiet tenant: {sorted.Length} requests, p50 {Latency.Percentile(sorted, 0.5):F1} ms, p99 {Latency.Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms");
        await output.WriteLineAsync($"loud tenant: {string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}"))}");
        return 0;
    }

    private static string Repeat(string term)
    {
        var filter = new StringBuilder(term);
        while (filter.Length + 4 + term.Length <= 4_096)
        {
            filter.Append(" or ").Append(term);
        }
        return filter.ToString();
    }

    private static async Task<int> SearchAsync(HttpClient http, string filter, CancellationToken cancellationToken)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["schemas"] = new System.Text.Json.Nodes.JsonArray("urn:ietf:params:scim:api:messages:2.0:SearchRequest"),
            ["filter"] = filter,
            ["count"] = 10,
        }.ToJsonString();
        using var content = new StringContent(body, Encoding.UTF8, "application/scim+json");
        using var response = await http.PostAsync(new Uri("Users/.search", UriKind.Relative), content, cancellationToken);
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return (int)response.StatusCode;
    }

    private static async Task<HttpClient> QuietTenantAsync(BenchServer server, CancellationToken cancellationToken)
    {
        var tenants = server.Services.GetRequiredService<ITenantStore>();
        if (await tenants.FindTenantAsync(Quiet, cancellationToken) is null)
        {
            await tenants.CreateTenantAsync(new Tenant(Quiet, "Quiet", DateTimeOffset.UnixEpoch), cancellationToken);
        }
        var (_, token) = await server.Services.GetRequiredService<ScimTokenIssuer>().IssueAsync(Quiet, "bench", TimeSpan.FromHours(2), cancellationToken);
        var http = new HttpClient { BaseAddress = new Uri(server.Http.BaseAddress!.ToString().Replace($"/{BenchServer.Tenant}/", $"/{Quiet}/", StringComparison.Ordinal)) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
