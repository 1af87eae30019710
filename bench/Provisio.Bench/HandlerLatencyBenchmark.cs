using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.AspNetCore.Events;
using Provisio.Storage.Events;
using Provisio.Storage.Postgres;
using Provisio.Storage.Tenancy;

namespace Provisio.Bench;

/// <summary>
/// An embedded host (AddProvisio + MapScim + an event handler) on Kestrel: the time from the SCIM response of a
/// deactivation (PATCH active false) to the handler receiving its <c>user.deactivated</c>. Deactivations are sent one
/// after another, each as soon as the previous response arrived, so events keep arriving while passes run.
/// </summary>
internal static class HandlerLatencyBenchmark
{
    private const string Tenant = "bench";

    public static async Task RunAsync(int deactivations, BenchStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = storage.DataDirectory ?? Directory.CreateTempSubdirectory("provisio-bench-").FullName;
        var (settings, where) = await storage.SettingsAsync(folder, "handlers");
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings]);
        var provisio = builder.Services.AddProvisio(o => o.RateLimits.Enabled = false);
        if (storage.Postgres)
        {
            provisio.UsePostgres();
            builder.Services.AddOptions<PostgresStorageOptions>().Bind(builder.Configuration.GetSection("Provisio:Storage"));
        }
        else
        {
            provisio.UseSqlite(o => o.DataDirectory = folder);
        }
        provisio.AddEventHandler<DeactivationClock>();
        builder.Services.AddSingleton<DeactivationTimes>();
        await using var app = builder.Build();
        app.UseScimErrorResponses();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapScim("/scim/v2");
        await app.StartAsync(cancellationToken);

        await app.Services.GetRequiredService<ITenantStore>().CreateTenantAsync(new Tenant(Tenant, "Benchmark", DateTimeOffset.UnixEpoch), cancellationToken);
        var (_, token) = await app.Services.GetRequiredService<ScimTokenIssuer>().IssueAsync(Tenant, "bench", TimeSpan.FromHours(2), cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + $"/scim/v2/{Tenant}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await output.WriteLineAsync($"{deactivations:N0} deactivations, one at a time, embedded host on {where}, {Environment.ProcessorCount} cores.");

        var ids = new List<string>();
        for (var i = 0; i < deactivations; i++)
        {
            ids.Add(await CreateUserAsync(http, $"leaver{i}-{Guid.NewGuid():N}@example.com", cancellationToken));
        }
        var times = app.Services.GetRequiredService<DeactivationTimes>();
        var sent = new Dictionary<string, long>(StringComparer.Ordinal);
        var answered = new Dictionary<string, long>(StringComparer.Ordinal);
        const string deactivate = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"active","value":false}]}""";
        foreach (var id in ids)
        {
            using var content = new StringContent(deactivate, Encoding.UTF8, "application/scim+json");
            sent[id] = Stopwatch.GetTimestamp();
            using var response = await http.PatchAsync($"Users/{id}", content, cancellationToken);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync(cancellationToken);
            answered[id] = Stopwatch.GetTimestamp();
        }
        var waiting = Stopwatch.StartNew();
        while (ids.Any(id => !times.Received.ContainsKey(id)) && waiting.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(10, cancellationToken);
        }

        var missing = ids.Count(id => !times.Received.ContainsKey(id));
        var received = ids.Where(times.Received.ContainsKey).ToList();
        var early = received.Count(id => times.Received[id] < answered[id]);
        await ReportAsync(output, "response → handler (user.deactivated)",
            received.Select(id => Math.Max(0, Stopwatch.GetElapsedTime(answered[id], times.Received[id]).TotalMilliseconds)));
        await ReportAsync(output, "request sent → handler (an upper bound of commit → handler)",
            received.Select(id => Stopwatch.GetElapsedTime(sent[id], times.Received[id]).TotalMilliseconds));
        await output.WriteLineAsync($"{early} of {received.Count} reached the handler before the client had the response (counted as 0 ms); {missing} not within a minute.");
        await app.StopAsync(cancellationToken);
    }

    private static Task ReportAsync(TextWriter output, string name, IEnumerable<double> milliseconds)
    {
        var samples = milliseconds.Order().ToArray();
        return output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{name}: p50 {Latency.Percentile(samples, 0.50):F1} ms, p99 {Latency.Percentile(samples, 0.99):F1} ms, max {samples[^1]:F1} ms, mean {samples.Average():F1} ms"));
    }

    private static async Task<string> CreateUserAsync(HttpClient http, string userName, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["userName"] = userName,
            ["active"] = true,
        };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json");
        using var response = await http.PostAsync("Users", content, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!["id"]!;
    }

    /// <summary>When each user's deactivation reached the handler.</summary>
    private sealed class DeactivationTimes
    {
        public ConcurrentDictionary<string, long> Received { get; } = new(StringComparer.Ordinal);
    }

    private sealed class DeactivationClock(DeactivationTimes times) : IProvisioEventHandler
    {
        public Task HandleAsync(ProvisioEvent provisioEvent, CancellationToken cancellationToken)
        {
            if (provisioEvent.Type == EventTypes.UserDeactivated)
            {
                times.Received.TryAdd(provisioEvent.ResourceId, Stopwatch.GetTimestamp());
            }
            return Task.CompletedTask;
        }
    }
}
