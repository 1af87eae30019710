namespace Provisio.Server.Cli;

/// <summary>
/// The arguments <c>provisio</c> passes on to the web host are settings (<c>--urls http://…</c>,
/// <c>--Provisio:MaxPageSize=500</c>, <c>Logging:LogLevel:Default=Debug</c>); anything else is a mistake.
/// </summary>
internal static class HostSettings
{
    /// <summary>The first argument that is neither a setting nor a setting's value, or null when there is none.</summary>
    public static string? FirstStray(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (argument.Contains('=', StringComparison.Ordinal))
            {
                continue;
            }
            if (argument.StartsWith('-') || argument.StartsWith('/'))
            {
                i++; // "--key value": the next argument is the value
                continue;
            }
            return argument;
        }
        return null;
    }
}
