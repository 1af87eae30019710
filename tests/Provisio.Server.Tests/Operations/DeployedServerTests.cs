using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Durability;

namespace Provisio.Server.Tests.Operations;

/// <summary>
/// provisio.dll run as an operator runs it, from a folder that is not its own: it reads the settings files beside it
/// (not those of the working directory), and with <c>Logging:Console:FormatterName=json</c> writes one JSON object
/// per line that a log shipper can parse.
/// </summary>
public sealed class DeployedServerTests : IDisposable
{
    private static readonly string AppFolder = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;

    private readonly string workingDirectory = Directory.CreateTempSubdirectory("provisio-deployed-").FullName;
    private readonly string environmentName = "OpsTest" + Guid.NewGuid().ToString("N")[..8];

    private string EnvironmentSettings => Path.Combine(AppFolder, $"appsettings.{environmentName}.json");

    [Fact]
    public async Task Started_elsewhere_it_reads_the_settings_beside_it_and_logs_json_lines_when_asked()
    {
        // An environment's file next to provisio.dll, as an operator would put one; a decoy in the working directory.
        File.WriteAllText(EnvironmentSettings, """{ "Provisio": { "MaxPageSize": 7 } }""");
        File.WriteAllText(Path.Combine(workingDirectory, "appsettings.json"), """{ "Provisio": { "MaxPageSize": 3 } }""");
        using var server = ProvisioProcess.Start(
            [$"--Provisio:Storage:DataDirectory={Path.Combine(workingDirectory, "data")}", "--Logging:Console:FormatterName=json",
                "--Logging:LogLevel:Provisio.Requests=Information"],
            workingDirectory,
            new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = environmentName, ["ASPNETCORE_ENVIRONMENT"] = environmentName });
        var token = await server.FirstRunTokenAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        await server.WaitUntilReadyAsync(http, token);

        var config = JsonNode.Parse(await http.GetStringAsync("/scim/v2/default/ServiceProviderConfig"))!;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scim/v2/default/Users");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("client-request-id", "entra-0001");
        using var response = await http.SendAsync(request);
        var line = await WaitForJsonLineAsync(server, "entra-0001");

        Assert.Equal(7, (int)config["filter"]!["maxResults"]!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1003, line.GetProperty("EventId").GetInt32());
        Assert.Equal("Provisio.Requests", line.GetProperty("Category").GetString());
        var state = line.GetProperty("State");
        Assert.Equal("default", state.GetProperty("TenantId").GetString());
        Assert.Equal("entra-0001", state.GetProperty("RequestId").GetString());
        Assert.Equal(200, state.GetProperty("StatusCode").GetInt32());
        Assert.DoesNotContain(token, server.Output.Split('\n').Where(l => !l.Contains("SCIM token:", StringComparison.Ordinal)), StringComparer.Ordinal);
    }

    [Fact]
    public void Its_runtime_settings_optimize_hot_methods_without_waiting_for_startup_to_end()
    {
        // Without this a server started into load ran unoptimized code for its first ~60,000 lookups (issue #15).
        var runtimeConfig = JsonNode.Parse(File.ReadAllText(Path.Combine(AppFolder, "provisio.runtimeconfig.json")))!;
        var properties = runtimeConfig["runtimeOptions"]!["configProperties"]!;

        Assert.Equal(0, (int)properties["System.Runtime.TieredCompilation.CallCountingDelayMs"]!);
    }

    public void Dispose()
    {
        File.Delete(EnvironmentSettings);
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

    /// <summary>The console logger writes on its own thread: wait a little for the request's line, then parse it.</summary>
    private static async Task<JsonElement> WaitForJsonLineAsync(ProvisioProcess server, string text)
    {
        for (var i = 0; i < 50; i++)
        {
            var line = server.Output.Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal) && l.TrimStart().StartsWith('{'));
            if (line is not null)
            {
                return JsonDocument.Parse(line).RootElement.Clone();
            }
            await Task.Delay(100);
        }
        Assert.Fail($"No JSON log line with '{text}':\n{server.Output}");
        throw new InvalidOperationException();
    }
}
