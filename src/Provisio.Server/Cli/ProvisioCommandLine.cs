using System.CommandLine;
using Provisio.Storage.Migrations;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>
/// The provisio command line: with no verb it serves SCIM; <c>tenants</c>, <c>tokens</c>, <c>admin-keys</c>, <c>audit</c>, <c>webhooks</c> and <c>access</c> use the same database
/// through the same configuration and services as the server; <c>tenants</c> and <c>tokens</c> also act on a remote
/// server's admin API with <c>--server</c>.
/// </summary>
internal static class ProvisioCommandLine
{
    public static readonly Option<string?> DataDirectory = new("--data-dir")
    {
        Description = "Folder of the SQLite database (default: the Provisio:Storage:DataDirectory setting, 'data').",
        Recursive = true,
    };

    /// <summary>The command line; <paramref name="environment"/> reads variables (PROVISIO_SERVER, PROVISIO_ADMIN_KEY), by default the process's.</summary>
    public static RootCommand Create(string[] args, TextWriter? output = null, Func<string, string?>? environment = null)
    {
        var console = output ?? Console.Out;
        var target = new AdminTarget(environment ?? Environment.GetEnvironmentVariable);
        var root = new RootCommand("Provisio: a SCIM 2.0 provisioning server. With no command, serves SCIM.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        root.Options.Add(DataDirectory);
        root.SetAction(async (parse, cancellationToken) =>
        {
            if (HostSettings.FirstStray(parse.UnmatchedTokens) is { } stray)
            {
                // A mistyped verb must not start a second server on the same database.
                await console.WriteLineAsync($"Unknown command or argument '{stray}'.");
                await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = console }, cancellationToken);
                return 1;
            }
            var hostArgs = args.Concat(DataDirectoryArgs(parse)).ToArray();
            await ServerHost.Build(hostArgs).RunAsync(cancellationToken);
            return 0;
        });
        var migrate = new Command("migrate", "Bring the database schema up to date (the server also does this when it starts).");
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var app = ServerHost.Build([.. CommandHostArgs(parse)]);
            var applied = await app.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
            await console.WriteLineAsync(applied == 0 ? "The database schema is up to date." : $"Applied {applied} migration(s).");
            return 0;
        });
        root.Subcommands.Add(migrate);
        root.Subcommands.Add(TenantCommands.Create(console, target));
        root.Subcommands.Add(TokenCommands.Create(console, target));
        root.Subcommands.Add(AdminKeyCommands.Create(console));
        root.Subcommands.Add(AuditCommands.Create(console));
        root.Subcommands.Add(WebhookCommands.Create(console));
        root.Subcommands.Add(AccessCommands.Create(console));
        return root;
    }

    /// <summary>
    /// Builds the server's services without serving, and brings the database schema up to date. Settings given as
    /// <c>--Section:Key=value</c> apply as they would to the server (e.g. <c>--Provisio:Webhooks:AllowPrivateNetworks=true</c>).
    /// </summary>
    public static async Task<IServiceProvider> ServicesAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var app = ServerHost.Build([.. CommandHostArgs(parse)]);
        await app.Services.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
        return app.Services;
    }

    /// <summary>The server's services, as <see cref="ServicesAsync"/>, or null (after saying so) when the tenant does not exist.</summary>
    public static async Task<IServiceProvider?> TenantServicesAsync(ParseResult parse, string tenantId, TextWriter output, CancellationToken cancellationToken)
    {
        var services = await ServicesAsync(parse, cancellationToken);
        if (await services.GetRequiredService<ITenantStore>().FindTenantAsync(tenantId, cancellationToken) is null)
        {
            await output.WriteLineAsync($"No tenant '{tenantId}'.");
            return null;
        }
        return services;
    }

    /// <summary>
    /// A verb runs once and exits: it has no use for watching appsettings.json for changes, and each watcher holds an
    /// inotify instance (128 per user by default on Linux) for as long as the process lives.
    /// </summary>
    private static IEnumerable<string> CommandHostArgs(ParseResult parse) =>
        DataDirectoryArgs(parse).Concat(SettingArgs(parse)).Prepend("--hostBuilder:reloadConfigOnChange=false");

    private static IEnumerable<string> SettingArgs(ParseResult parse) =>
        parse.UnmatchedTokens.Where(t => t.StartsWith("--", StringComparison.Ordinal) && t.Contains(':', StringComparison.Ordinal) && t.Contains('=', StringComparison.Ordinal));

    private static IEnumerable<string> DataDirectoryArgs(ParseResult parse) =>
        parse.GetValue(DataDirectory) is { } folder ? [$"--Provisio:Storage:DataDirectory={folder}"] : [];
}
