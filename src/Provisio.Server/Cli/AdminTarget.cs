using System.CommandLine;

namespace Provisio.Server.Cli;

/// <summary>
/// Where the <c>tenants</c> and <c>tokens</c> verbs act: on a remote server's admin API when given <c>--server URL</c>
/// (or <c>PROVISIO_SERVER</c>) with an admin key (<c>--admin-key</c> or, better, <c>PROVISIO_ADMIN_KEY</c>, which no
/// process list shows), else on the local database as the server would.
/// </summary>
internal sealed class AdminTarget(Func<string, string?> environment)
{
    public const string ServerVariable = "PROVISIO_SERVER";
    public const string KeyVariable = "PROVISIO_ADMIN_KEY";
    private const string ServerOption = "--server";
    private const string KeyOption = "--admin-key";
    private const string JsonOption = "--json";

    /// <summary>Gives <paramref name="command"/> the options that pick a remote server.</summary>
    public static void AddOptions(Command command)
    {
        command.Options.Add(new Option<string?>(ServerOption)
        {
            Description = $"Act on the server at this URL through its admin API instead of on the local database (default: ${ServerVariable}).",
        });
        command.Options.Add(new Option<string?>(KeyOption)
        {
            Description = $"The admin key to send with --server (default: ${KeyVariable}, which other users cannot see in the process list).",
        });
    }

    /// <summary>Gives <paramref name="command"/> a <c>--json</c> option.</summary>
    public static void AddJsonOption(Command command) =>
        command.Options.Add(new Option<bool>(JsonOption) { Description = "Print JSON, as the admin API returns it, instead of a table." });

    public static bool Json(ParseResult parse) => parse.GetValue<bool>(JsonOption);

    /// <summary>
    /// Connects, runs <paramref name="action"/> and says a refusal in one line: exit code 0 when it ran, 1 when it was
    /// refused (nothing changed).
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, TextWriter output, Func<ITenantAdmin, Task> action, CancellationToken cancellationToken)
    {
        try
        {
            await using var admin = await ConnectAsync(parse, cancellationToken);
            await action(admin);
            return 0;
        }
        catch (AdminCommandException refusal)
        {
            await output.WriteLineAsync(refusal.Message);
            return 1;
        }
    }

    /// <summary>The admin to act through: a client of the remote server, or the local database's services.</summary>
    public async Task<ITenantAdmin> ConnectAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var server = NullIfEmpty(parse.GetValue<string?>(ServerOption)) ?? NullIfEmpty(environment(ServerVariable));
        var key = NullIfEmpty(parse.GetValue<string?>(KeyOption));
        if (server is null)
        {
            return key is not null
                ? throw new AdminCommandException($"--admin-key needs --server (or {ServerVariable}); without them the command acts on the local database.")
                : new LocalTenantAdmin(await ProvisioCommandLine.ServicesAsync(parse, cancellationToken));
        }
        if (parse.GetValue(ProvisioCommandLine.DataDirectory) is not null)
        {
            throw new AdminCommandException("--data-dir and --server exclude each other: a remote server uses its own database.");
        }
        if (!Uri.TryCreate(server, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query))
        {
            throw new AdminCommandException($"--server must be the server's http:// or https:// URL, e.g. https://provisio.example.com, not '{server}'.");
        }
        key ??= NullIfEmpty(environment(KeyVariable))
            ?? throw new AdminCommandException($"An admin key is needed with --server: set {KeyVariable} (or pass --admin-key). Create one on the server with: provisio admin-keys create --name NAME");
        // Relative paths resolve under the server's path, so a server behind a proxy at /provisio/ works too.
        var root = url.AbsolutePath.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        return new AdminApiClient(root, key);
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
