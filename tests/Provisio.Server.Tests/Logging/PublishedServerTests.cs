using System.Net;
using System.Net.Http.Headers;
using Provisio.Server.Tests.Durability;

namespace Provisio.Server.Tests.Logging;

/// <summary>
/// The provisio executable started the way an operator starts it, from another folder than its own: it still reads
/// its appsettings.json, and its console log holds no query string, no forged line and no server name.
/// </summary>
public sealed class PublishedServerTests : IDisposable
{
    private readonly string workingDirectory = Directory.CreateTempSubdirectory("provisio-cwd-").FullName;

    [Fact]
    public async Task Started_from_another_folder_it_uses_its_own_settings_and_logs_no_query_strings_or_forged_lines()
    {
        var appFolder = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        using var server = ProvisioProcess.Start(
            ["--Provisio:RateLimits:Enabled=false", $"--Provisio:Storage:DataDirectory={Path.Combine(workingDirectory, "data")}",
                "--Logging:LogLevel:Provisio.Requests=Information"],
            workingDirectory);
        var token = await server.FirstRunTokenAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        await server.WaitUntilReadyAsync(http, token);

        using var search = new HttpRequestMessage(HttpMethod.Get, "/scim/v2/default/Users?filter=userName%20eq%20%22private.person@example.com%22");
        search.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var found = await http.SendAsync(search);
        using var forged = await http.GetAsync("/scim/v2/default/Users/abc%0D%0Awarn:%20Forged");
        await WaitForLogAsync(server, "Forged answered 401");

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.False(found.Headers.Contains("Server"), "the response names the server software");
        var log = server.Output;
        Assert.Contains($"Content root path: {appFolder.TrimEnd('/')}", log, StringComparison.Ordinal);
        Assert.DoesNotContain("private.person", log, StringComparison.Ordinal);
        Assert.DoesNotContain(log.Split('\n'), line => line.TrimStart().StartsWith("warn: Forged", StringComparison.Ordinal));
        Assert.Contains(@"/Users/abc\u000d\u000awarn: Forged answered 401", log, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>The console logger writes on its own thread: wait a little for the line of the last request.</summary>
    private static async Task WaitForLogAsync(ProvisioProcess server, string text)
    {
        for (var i = 0; i < 50 && !server.Output.Contains(text, StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
        }
    }
}
