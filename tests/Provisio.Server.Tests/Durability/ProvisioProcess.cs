using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Provisio.Server.Tests.Durability;

/// <summary>
/// The provisio executable as a child process on a free loopback port, started the way an operator starts it
/// (<c>dotnet provisio.dll --urls …</c>), so a test can kill it for real and start it again on the same storage.
/// </summary>
public sealed class ProvisioProcess : IDisposable
{
    /// <summary>Generous: a start on a busy two-core machine compiles a lot of code.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<string> firstRunToken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProvisioProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What the server wrote to stdout and stderr so far, for failure messages.</summary>
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

    /// <summary>
    /// Starts <c>provisio</c> with the given settings (e.g. <c>--Provisio:Storage:DataDirectory=…</c>) in
    /// <paramref name="workingDirectory"/> (default: its own folder), with <paramref name="environment"/> variables
    /// added; does not wait for it.
    /// </summary>
    public static ProvisioProcess Start(IEnumerable<string> settings, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        // The test project references the server, so provisio.dll and its runtimeconfig sit beside the test assembly;
        // asking the loaded assembly finds them wherever the output folder is.
        var dll = typeof(Program).Assembly.Location;
        var runtimeConfig = Path.ChangeExtension(dll, ".runtimeconfig.json");
        Assert.True(File.Exists(runtimeConfig), $"{runtimeConfig} is missing: provisio cannot run as a process of its own.");
        var baseAddress = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ProvisioProcess(process, baseAddress);
        process.OutputDataReceived += (_, e) => server.Received(e.Data);
        process.ErrorDataReceived += (_, e) => server.Received(e.Data);
        process.Exited += (_, _) => server.firstRunToken.TrySetException(
            new InvalidOperationException($"provisio exited before printing its first-run token:\n{server.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>The default tenant's token, which the server prints on its first start on empty storage.</summary>
    public async Task<string> FirstRunTokenAsync()
    {
        try
        {
            return await firstRunToken.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"provisio printed no first-run token within {StartTimeout}:\n{Output}");
            throw;
        }
    }

    /// <summary>Polls the default tenant's ServiceProviderConfig with the token until the server answers 200.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, string token)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(process.HasExited, $"provisio exited while starting:\n{Output}");
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "/scim/v2/default/ServiceProviderConfig"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            try
            {
                using var response = await http.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            Assert.True(waited.Elapsed < StartTimeout, $"provisio did not answer 200 within {StartTimeout}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL on Linux: no shutdown, no flush, nothing the server can run first.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "provisio did not die within 30 s of SIGKILL");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }
        process.Dispose();
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
        if (line.Contains("SCIM token:", StringComparison.Ordinal))
        {
            firstRunToken.TrySetResult(line.Split(':', 2)[1].Trim());
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
