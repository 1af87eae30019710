using System.Collections.Concurrent;
using System.Diagnostics;

namespace Provisio.Bench;

/// <summary>
/// An ASP.NET Core server in a child process on Kestrel at 127.0.0.1 and a free port: its memory is its own to
/// measure, and the load generator does not share its heap or thread pool (only the two cores).
/// </summary>
internal sealed class ChildServer : IAsyncDisposable
{
    private const string Listening = "Now listening on: ";

    private readonly Process process;
    private readonly ConcurrentQueue<string> lastLines;

    private ChildServer(Process process, ConcurrentQueue<string> lastLines, string url)
    {
        this.process = process;
        this.lastLines = lastLines;
        Url = url;
    }

    public int Pid => process.Id;

    /// <summary>The address Kestrel listens on, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Url { get; }

    /// <summary>
    /// Starts the app host <paramref name="executable"/> (next to this one) with ASP.NET Core settings on its command
    /// line, and waits until it listens.
    /// </summary>
    public static async Task<ChildServer> StartAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, executable))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // Port 0 lets the OS choose; the host's lifetime log line says which port it got.
        foreach (var argument in arguments.Concat(["--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information"]))
        {
            start.ArgumentList.Add(argument);
        }
        // The server's own runtimeconfig asks for server GC; the baselines get it here so both sides run alike.
        start.Environment["DOTNET_gcServer"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var lastLines = new ConcurrentQueue<string>();
        var url = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Remember(string? line)
        {
            if (line is null)
            {
                return;
            }
            lastLines.Enqueue(line);
            while (lastLines.Count > 50 && lastLines.TryDequeue(out _))
            {
            }
            if (line.IndexOf(Listening, StringComparison.Ordinal) is var at and >= 0)
            {
                url.TrySetResult(line[(at + Listening.Length)..].Trim());
            }
        }
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.Exited += (_, _) => url.TrySetException(new InvalidOperationException(
            $"{executable} exited with code {process.ExitCode} before listening:\n{string.Join('\n', lastLines)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ChildServer(process, lastLines, await url.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken));
        }
        catch
        {
            await StopAsync(process);
            throw;
        }
    }

    /// <summary>What the server printed last (its errors, when a request failed).</summary>
    public string LastLines => string.Join('\n', lastLines);

    public async ValueTask DisposeAsync() => await StopAsync(process);

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            // Its data is thrown away after the run: no need for a graceful stop.
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
