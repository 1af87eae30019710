using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Provisio.Samples.Tests.Support;

/// <summary>
/// Provisio run as a service of its own, the way the sample's README runs it: <c>dotnet provisio.dll</c> from its
/// build folder on a loopback port with a throwaway data folder, and its CLI verbs on the same folder.
/// </summary>
public sealed partial class ProvisioService : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<string> token = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProvisioService(Process process, Uri baseUrl, string dataDirectory)
    {
        this.process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public Uri BaseUrl { get; }

    public string DataDirectory { get; }

    /// <summary>The default tenant's SCIM base URL.</summary>
    public Uri ScimUrl => new(BaseUrl, "/scim/v2/default/");

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Starts provisio with webhooks allowed to reach loopback receivers, and waits for its first-run token.</summary>
    public static async Task<(ProvisioService Service, string ScimToken)> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("provisio-service-").FullName;
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}");
        probe.Stop();
        var process = new Process { StartInfo = Command(folder, "--urls", url.ToString().TrimEnd('/')), EnableRaisingEvents = true };
        var service = new ProvisioService(process, url, folder);
        process.OutputDataReceived += (_, e) => service.Received(e.Data);
        process.ErrorDataReceived += (_, e) => service.Received(e.Data);
        process.Exited += (_, _) => service.token.TrySetException(new InvalidOperationException($"provisio exited:\n{service.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (service, await service.token.Task.WaitAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Runs <c>provisio ARGS --data-dir FOLDER</c> to its end and returns what it printed.</summary>
    public async Task<string> RunCliAsync(params string[] arguments)
    {
        using var cli = Process.Start(Command(DataDirectory, arguments))!;
        var printed = cli.StandardOutput.ReadToEndAsync();
        var errors = cli.StandardError.ReadToEndAsync();
        await cli.WaitForExitAsync();
        var text = await printed + await errors;
        Assert.True(cli.ExitCode == 0, $"provisio {string.Join(' ', arguments)} failed:\n{text}");
        return text;
    }

    /// <summary>
    /// <c>provisio webhooks add</c> for the default tenant; returns the signing secret it printed once.
    /// </summary>
    public async Task<string> AddWebhookAsync(Uri url)
    {
        var printed = await RunCliAsync("webhooks", "add", "--tenant", "default", "--url", url.ToString());
        var secret = SecretLine().Match(printed);
        Assert.True(secret.Success, $"webhooks add printed no secret:\n{printed}");
        return secret.Groups[1].Value;
    }

    private static ProcessStartInfo Command(string dataDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Settings by environment, as an operator would set them, so the server and its CLI verbs both read them.
        start.Environment["Provisio__Webhooks__AllowPrivateNetworks"] = "true";
        start.Environment["Provisio__RateLimits__Enabled"] = "false";
        start.ArgumentList.Add(ServerDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add("--data-dir");
        start.ArgumentList.Add(dataDirectory);
        return start;
    }

    /// <summary>provisio.dll in the server project's build folder, of the configuration these tests were built with.</summary>
    private static string ServerDll
    {
        get
        {
            var tests = new DirectoryInfo(AppContext.BaseDirectory); // tests/Provisio.Samples.Tests/bin/CONFIG/TFM/
            var framework = tests.Name;
            var configuration = tests.Parent!.Name;
            var root = tests.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var dll = Path.Combine(root, "src", "Provisio.Server", "bin", configuration, framework, "provisio.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first");
            return dll;
        }
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
        if (TokenLine().Match(line) is { Success: true } match)
        {
            token.TrySetResult(match.Groups[1].Value);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    [GeneratedRegex(@"SCIM token:\s+(\S+)")]
    private static partial Regex TokenLine();

    [GeneratedRegex(@"Signing secret:\s+(\S+)")]
    private static partial Regex SecretLine();
}
