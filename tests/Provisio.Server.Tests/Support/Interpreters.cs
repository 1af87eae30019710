using System.Diagnostics;

namespace Provisio.Server.Tests.Support;

/// <summary>Finds and runs interpreters (node, python3) that some tests need: the docs' snippets, the IdP smoke suite.</summary>
public static class Interpreters
{
    /// <summary>The interpreter's full path on the PATH, or null.</summary>
    public static string? Find(string name)
    {
        var names = OperatingSystem.IsWindows() ? [name + ".exe", name] : new[] { name };
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(directory => names.Select(file => Path.Combine(directory, file)))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs <paramref name="script"/> with its arguments and returns what it wrote to stdout; fails the test when it exits with an error.</summary>
    public static async Task<string> RunAsync(string name, string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Find(name) ?? throw new InvalidOperationException($"{name} is not on the PATH."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // Only a guard against a hung interpreter, not a measure of speed.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(guard.Token);
        Assert.True(process.ExitCode == 0, $"{name} {Path.GetFileName(script)} exited with {process.ExitCode}:\n{await error}");
        return await output;
    }
}
