using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Provisio.AspNetCore.Auth;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Server;
using Provisio.Storage;
using Provisio.Storage.Paging;
using Provisio.Storage.Tenancy;

namespace Provisio.Bench;

/// <summary>The provisio server on Kestrel at 127.0.0.1 in this process, with one tenant seeded with N users.</summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public const string Tenant = "bench";

    private readonly WebApplication app;

    private BenchServer(WebApplication app, HttpClient http, string folder)
    {
        this.app = app;
        Http = http;
        Folder = folder;
    }

    public IServiceProvider Services => app.Services;

    public HttpClient Http { get; }

    public string Folder { get; }

    public IResourceStore Store => Services.GetRequiredService<IResourceStore>();

    public SchemaRegistry Registry => Services.GetRequiredService<SchemaRegistry>();

    public static async Task<BenchServer> StartAsync(BenchStorage storage, int users, TextWriter output, CancellationToken cancellationToken)
    {
        var folder = storage.DataDirectory ?? Directory.CreateTempSubdirectory("provisio-bench-").FullName;
        var (settings, where) = await storage.SettingsAsync(folder, "bench");
        settings = ["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. settings];
        var app = ServerHost.Build(settings);
        await app.StartAsync(cancellationToken);
        await output.WriteLineAsync($"{users:N0} users in one tenant, {where}, {Environment.ProcessorCount} cores.");
        await SeedAsync(app.Services, users, output, cancellationToken);
        var (_, token) = await app.Services.GetRequiredService<ScimTokenIssuer>().IssueAsync(Tenant, "bench", TimeSpan.FromHours(2), cancellationToken);
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.First() + $"/scim/v2/{Tenant}/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new BenchServer(app, http, folder);
    }

    /// <summary>The ids of the seeded users, in creation order.</summary>
    public async Task<List<string>> UserIdsAsync(int count, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        while (ids.Count < count)
        {
            var page = await Store.ListAsync(Tenant, new ListQuery([Registry.User], null, null, new IndexPage(ids.Count + 1, 1_000), ReadOptions.DocumentOnly), cancellationToken);
            if (page.Resources.Count == 0)
            {
                break;
            }
            ids.AddRange(page.Resources.Select(r => r.Id));
        }
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task SeedAsync(IServiceProvider services, int users, TextWriter output, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IResourceStore>();
        var registry = services.GetRequiredService<SchemaRegistry>();
        await services.GetRequiredService<ITenantStore>().CreateTenantAsync(new Tenant(Tenant, "Benchmark", DateTimeOffset.UnixEpoch), cancellationToken);
        var existing = (await store.ListAsync(Tenant, new ListQuery([registry.User], null, null, new IndexPage(1, 0), ReadOptions.DocumentOnly), cancellationToken)).TotalResults;
        var started = Stopwatch.GetTimestamp();
        for (var i = (int)existing; i < users; i++)
        {
            var body = new JsonObject
            {
                ["schemas"] = new JsonArray(ScimSchemas.User),
                ["userName"] = $"user{i}@example.com",
                ["externalId"] = $"ext-{i}",
                ["displayName"] = $"User {i}",
                ["name"] = new JsonObject { ["givenName"] = "User", ["familyName"] = $"Number {i}" },
                ["emails"] = new JsonArray(new JsonObject { ["value"] = $"user{i}@work.example.com", ["type"] = "work", ["primary"] = true }),
                ["active"] = true,
            };
            await store.CreateAsync(Tenant, new ResourceChange("User", ResourceValidator.ReadRepresentation(body, registry.User)), ReadOptions.DocumentOnly, Provisio.Storage.Events.WriteContext.Background("bench-seed"), cancellationToken);
        }
        if (users > existing)
        {
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            await output.WriteLineAsync($"seeded {users - existing:N0} users in {seconds:F1} s ({(users - existing) / seconds:N0} creates/s through the store)");
        }
    }
}
