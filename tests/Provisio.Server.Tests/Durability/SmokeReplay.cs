using System.Diagnostics;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Durability;

/// <summary>
/// The shared IdP smoke suite (<c>../shared/conformance/idp_smoke.py</c>, beside the repository) run with python3
/// against a SCIM base URL: real Okta and Entra ID request sequences.
/// </summary>
internal static class SmokeReplay
{
    public static string? Script { get; } = FindScript();

    /// <summary>Why the suite cannot run here, or null when it can.</summary>
    public static string? UnavailableReason { get; } =
        Script is null ? "../shared/conformance/idp_smoke.py is not beside the repository"
        : Interpreters.Find("python3") is null ? "python3 is not installed"
        : null;

    /// <summary>Runs the suite to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(Uri baseUrl, string token, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Script!, "--base-url", baseUrl.ToString().TrimEnd('/'), "--token", token, "--timeout", "60" })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output + await errors);
    }

    private static string? FindScript()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Provisio.slnx")))
            {
                var script = Path.Combine(folder.FullName, "..", "shared", "conformance", "idp_smoke.py");
                return File.Exists(script) ? Path.GetFullPath(script) : null;
            }
        }
        return null;
    }
}

/// <summary>A fact that replays the IdP smoke suite: skipped with the reason when python3 or the suite is missing.</summary>
public sealed class SmokeFactAttribute : Xunit.FactAttribute
{
#if POSTGRES
    public SmokeFactAttribute() => Skip = Provisio.Tests.Support.PostgresCluster.UnavailableReason ?? SmokeReplay.UnavailableReason;
#else
    public SmokeFactAttribute() => Skip = SmokeReplay.UnavailableReason;
#endif
}
