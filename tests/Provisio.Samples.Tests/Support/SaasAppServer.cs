using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SaasApp;
using SaasApp.Embedded;

namespace Provisio.Samples.Tests.Support;

/// <summary>
/// The SaasApp sample running on a real Kestrel port with a throwaway data folder, in either mode. Dispose it to stop
/// the app and delete the folder. To register the receiver with a real provisio server before the app starts (the
/// secret comes from the registration): take <see cref="FreeLoopbackUrl"/>, register <c>{url}/webhooks/provisio</c>,
/// then <c>StartWebhooksAsync(secret, $"--urls={url}")</c>.
/// </summary>
public sealed partial class SaasAppServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private SaasAppServer(WebApplication app, string dataDirectory, string? scimToken)
    {
        this.app = app;
        DataDirectory = dataDirectory;
        ScimToken = scimToken;
        BaseUrl = new Uri(app.Urls.First());
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    /// <summary>Embedded mode: the SCIM token the first start printed.</summary>
    public string? ScimToken { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts the app hosting Provisio; reads the SCIM token from what the first start printed.</summary>
    public static async Task<SaasAppServer> StartEmbeddedAsync(params string[] settings)
    {
        var printed = new StringWriter();
        var (app, folder) = await StartAsync(ConnectionMode.Embedded, settings,
            services => services.Configure<ScimSetupOptions>(o => o.Output = printed));
        var token = ScimTokenLine().Match(printed.ToString());
        Assert.True(token.Success, $"The first start printed no SCIM token:\n{printed}");
        return new SaasAppServer(app, folder, token.Groups[1].Value);
    }

    /// <summary>Starts the app as a webhook receiver that verifies with <paramref name="secret"/>.</summary>
    public static async Task<SaasAppServer> StartWebhooksAsync(string secret, params string[] settings)
    {
        var (app, folder) = await StartAsync(ConnectionMode.Webhooks, [$"--Provisio:WebhookSecret={secret}", .. settings], null);
        return new SaasAppServer(app, folder, null);
    }

    /// <summary>An http://127.0.0.1 URL with a port that was free a moment ago (for a receiver registered before it starts).</summary>
    public static Uri FreeLoopbackUrl()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
    }

    /// <summary>A client that keeps cookies like a browser and does not follow redirects (so a test sees them).</summary>
    public AppClient NewBrowser()
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies }) { BaseAddress = BaseUrl };
        return new AppClient(http, cookies);
    }

    /// <summary>Reads the app's own database, as an assertion would.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(DataDirectory, "app.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(DataDirectory, recursive: true);
    }

    private static async Task<(WebApplication App, string Folder)> StartAsync(
        ConnectionMode mode, string[] settings, Action<IServiceCollection>? configure)
    {
        var folder = Directory.CreateTempSubdirectory("saasapp-").FullName;
        var app = SaasAppHost.Build(
            ["--urls=http://127.0.0.1:0", $"--Mode={mode}", $"--DataDirectory={folder}", .. settings], configure);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A start refused by validation still leaves a folder and a host to clean up; the error goes to the test.
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            throw;
        }
        return (app, folder);
    }

    [GeneratedRegex(@"SCIM token:\s+(\S+)")]
    private static partial Regex ScimTokenLine();
}
