using System.CommandLine;
using Provisio.Server.Admin;
using Provisio.Storage.Admin;

namespace Provisio.Server.Cli;

/// <summary><c>provisio admin-keys create|list|revoke</c>: the keys of the admin API (/api).</summary>
internal static class AdminKeyCommands
{
    public static Command Create(TextWriter output)
    {
        var name = new Option<string>("--name") { Description = "Who or what the key is for, e.g. 'billing-sync'.", Required = true };
        var tenant = new Option<string?>("--tenant")
        {
            Description = "Limit the key to this tenant's routes (/api/tenants/{tenant}/…), e.g. for the customer's own admins. Default: every tenant.",
        };
        var create = new Command("create", "Create an admin API key; it is printed once and only its hash is stored.") { name, tenant };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant);
            var services = tenantId is null
                ? await ProvisioCommandLine.ServicesAsync(parse, cancellationToken)
                : await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken);
            if (services is null)
            {
                return 1;
            }
            var (record, key) = await services.GetRequiredService<AdminKeyIssuer>().IssueAsync(parse.GetValue(name)!, cancellationToken, tenantId);
            await output.WriteLineAsync($"Admin key {record.Id} '{record.Name}'" + (tenantId is null ? " for every tenant:" : $" for tenant '{tenantId}' only:"));
            await output.WriteLineAsync(key);
            await output.WriteLineAsync("Store it now: it cannot be shown again. It is valid on /api only, never on SCIM.");
            return 0;
        });

        var list = new Command("list", "List admin keys (never their secrets).");
        list.SetAction(async (parse, cancellationToken) =>
        {
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            foreach (var key in await services.GetRequiredService<IAdminKeyStore>().ListAsync(cancellationToken))
            {
                await output.WriteLineAsync(string.Join('\t', key.Id, key.Name, key.IsActive ? "active" : $"revoked {key.Revoked:u}",
                    $"created {key.Created:u}", key.LastUsed is { } u ? $"last used {u:u}" : "never used",
                    key.TenantId is { } t ? $"tenant {t}" : "every tenant"));
            }
            return 0;
        });

        var id = new Argument<string>("id") { Description = "The key's id (its visible prefix, pak_…)." };
        var revoke = new Command("revoke", "Revoke an admin key; every running server refuses it from the next request.") { id };
        revoke.SetAction(async (parse, cancellationToken) =>
        {
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            if (!await services.GetRequiredService<IAdminKeyStore>().RevokeAsync(parse.GetValue(id)!, now, cancellationToken))
            {
                await output.WriteLineAsync($"No active admin key '{parse.GetValue(id)}'.");
                return 1;
            }
            await output.WriteLineAsync($"Revoked {parse.GetValue(id)}.");
            return 0;
        });
        return new Command("admin-keys", "Manage the keys of the admin API (/api).") { create, list, revoke };
    }
}
