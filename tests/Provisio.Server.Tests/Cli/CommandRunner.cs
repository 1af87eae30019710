using Provisio.Server.Cli;

namespace Provisio.Server.Tests.Cli;

/// <summary>Runs a provisio verb in process on a data folder, as <c>provisio ARGS --data-dir FOLDER</c> would, and captures what it printed.</summary>
internal static class CommandRunner
{
    public static async Task<(int Code, string Output)> RunAsync(string dataDirectory, params string[] args)
    {
        var all = args.Append("--data-dir").Append(dataDirectory).ToArray();
        using var output = new StringWriter();
        var code = await ProvisioCommandLine.Create(all, output).Parse(all).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString());
    }
}
