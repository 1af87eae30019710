using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Server;
using Provisio.Storage;
using Provisio.Storage.Paging;
using Provisio.Storage.Sql;
using Provisio.Storage.Tenancy;

namespace Provisio.Bench;

/// <summary>
/// Seeds one tenant with N users, then times the reads IdPs send on every sync (userName, externalId and email
/// lookups), a substring scan, the first page and a deep page, in process (store + rendering) and over HTTP (Kestrel on
/// 127.0.0.1, same process).
/// </summary>
internal static class QueryBenchmark
{
    private const string Tenant = BenchServer.Tenant;

    public static async Task<int> RunAsync(int users, BenchStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Provisio query benchmark.");
        await using var server = await BenchServer.StartAsync(storage, users, output, cancellationToken);
        var store = server.Store;
        var registry = server.Registry;
        var renderer = server.Services.GetRequiredService<ResourceRenderer>();
        var dialect = server.Services.GetRequiredService<ISqlDialect>();
        var http = server.Http;

        var random = new Random(7);
        int Someone() => random.Next(users);
        var user = registry.User;
        async Task InProcess(string filter, PageSpec page)
        {
            var result = await store.ListAsync(Tenant, new ListQuery([user], filter.Length == 0 ? null : FilterParser.Parse(filter), null, page, ReadOptions.Full), cancellationToken);
            foreach (var resource in result.Resources)
            {
                _ = renderer.Render(resource, "http://bench/scim/v2/bench").ToJsonString();
            }
        }
        async Task OverHttp(string query)
        {
            using var response = await http.GetAsync(new Uri("Users?" + query, UriKind.Relative), cancellationToken);
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        var deep = Math.Max(1, users - 99);
        var position = await PositionOfAsync(store, user, dialect, deep - 1, cancellationToken);
        var results = new List<Latency>
        {
            await Latency.MeasureAsync("userName eq (in process)", 2000, 200, _ => InProcess($"userName eq \"user{Someone()}@example.com\"", new IndexPage(1, 100))),
            await Latency.MeasureAsync("externalId eq (in process)", 2000, 200, _ => InProcess($"externalId eq \"ext-{Someone()}\"", new IndexPage(1, 100))),
            await Latency.MeasureAsync("emails.value eq (in process)", 2000, 200, _ => InProcess($"emails.value eq \"user{Someone()}@work.example.com\"", new IndexPage(1, 100))),
            await Latency.MeasureAsync("emails[type eq work].value eq (in process)", 2000, 200, _ => InProcess($"emails[type eq \"work\"].value eq \"user{Someone()}@work.example.com\"", new IndexPage(1, 100))),
            await Latency.MeasureAsync("displayName co (scan, in process)", 20, 2, _ => InProcess($"displayName co \"{Someone()}x\"", new IndexPage(1, 100))),
            await Latency.MeasureAsync("first page of 100 (in process)", 300, 30, _ => InProcess("", new IndexPage(1, 100))),
            await Latency.MeasureAsync($"page at startIndex {deep:N0} (in process)", 100, 10, _ => InProcess("", new IndexPage(deep, 100))),
            await Latency.MeasureAsync($"cursor page at position {deep:N0} (in process)", 300, 30, _ => InProcess("", new CursorPage(position, null, 100))),
            await Latency.MeasureAsync("userName eq (HTTP)", 2000, 200, _ => OverHttp($"filter=userName%20eq%20%22user{Someone()}%40example.com%22")),
            await Latency.MeasureAsync("externalId eq (HTTP)", 2000, 200, _ => OverHttp($"filter=externalId%20eq%20%22ext-{Someone()}%22")),
            await Latency.MeasureAsync("first page of 100 (HTTP)", 300, 30, _ => OverHttp("startIndex=1&count=100")),
            await Latency.MeasureAsync($"page at startIndex {deep:N0} (HTTP)", 100, 10, _ => OverHttp($"startIndex={deep}&count=100")),
        };
        await output.WriteLineAsync();
        await output.WriteLineAsync(Latency.Header);
        foreach (var result in results)
        {
            await output.WriteLineAsync(result.ToString());
        }
        var first = results.Single(r => r.Name.StartsWith("first page of 100 (in", StringComparison.Ordinal));
        var deepPage = results.Single(r => r.Name.StartsWith("page at startIndex", StringComparison.Ordinal) && r.Name.EndsWith("(in process)", StringComparison.Ordinal));
        await output.WriteLineAsync();
        await output.WriteLineAsync($"deep page / first page (p50, in process): {deepPage.MedianMs / first.MedianMs:F2}x");
        return 0;
    }

    /// <summary>The keyset position of the n-th user (0-based) in the default order, for a deep cursor page.</summary>
    private static async Task<PagePosition> PositionOfAsync(IResourceStore store, ResourceTypeDefinition user, ISqlDialect dialect, int index, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(Tenant, new ListQuery([user], null, null, new IndexPage(index + 1, 1), ReadOptions.DocumentOnly), cancellationToken);
        var resource = page.Resources.Single();
        return new PagePosition(CursorValues.FromDb(dialect.ToDbTime(resource.Meta.Created)), resource.Id);
    }
}
