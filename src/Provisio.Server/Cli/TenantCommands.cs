using System.CommandLine;
using Provisio.AspNetCore.Logging;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary><c>provisio tenants create|list|set|show|status</c>.</summary>
internal static class TenantCommands
{
    public static Command Create(TextWriter output)
    {
        var id = new Argument<string>("id") { Description = "The tenant's id, used in its URL /scim/v2/{id}: lower-case letters, digits and '-'." };
        var name = new Option<string?>("--name") { Description = "A display name (default: the id)." };
        var create = new Command("create", "Create a tenant.") { id, name };
        create.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(id)!;
            if (!TenantIds.IsValid(tenantId))
            {
                await output.WriteLineAsync($"'{LogText.Escape(tenantId)}' is not a valid tenant id: {TenantIds.Rule}.");
                return 1;
            }
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            var time = services.GetRequiredService<TimeProvider>();
            var tenant = new Tenant(tenantId, parse.GetValue(name) ?? tenantId, time.GetUtcNow());
            if (!await services.GetRequiredService<ITenantStore>().CreateTenantAsync(tenant, cancellationToken))
            {
                await output.WriteLineAsync($"A tenant '{tenantId}' exists already.");
                return 1;
            }
            await output.WriteLineAsync($"Created tenant '{tenantId}'. Its SCIM base URL is <server>/scim/v2/{tenantId}.");
            return 0;
        });

        var list = new Command("list", "List the tenants.");
        list.SetAction(async (parse, cancellationToken) =>
        {
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            foreach (var tenant in await services.GetRequiredService<ITenantStore>().ListTenantsAsync(cancellationToken))
            {
                await output.WriteLineAsync($"{tenant.Id}\t{tenant.DisplayName}\tcreated {tenant.Created:u}");
            }
            return 0;
        });
        return new Command("tenants", "Manage tenants and their settings.")
        {
            create, list, TenantSettingsCommands.Set(output), TenantSettingsCommands.Show(output), TenantStatusCommand.Create(output),
        };
    }
}
