using System.CommandLine;
using Provisio.AspNetCore.Logging;
using Provisio.Server.Admin;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>
/// <c>provisio tenants create|list|rename|delete|set|show|status</c>, on the local database or with <c>--server</c> on a
/// remote server's admin API.
/// </summary>
internal static class TenantCommands
{
    public static Command Create(TextWriter output, AdminTarget target)
    {
        var id = new Argument<string>("id") { Description = "The tenant's id, used in its URL /scim/v2/{id}: lower-case letters, digits and '-'." };
        var name = new Option<string?>("--name") { Description = "A display name (default: the id)." };
        var create = new Command("create", "Create a tenant.") { id, name };
        AdminTarget.AddOptions(create);
        AdminTarget.AddJsonOption(create);
        create.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(id)!;
            if (!TenantIds.IsValid(tenantId))
            {
                await output.WriteLineAsync($"'{LogText.Escape(tenantId)}' is not a valid tenant id: {TenantIds.Rule}.");
                return 1;
            }
            if (await BadNameAsync(output, parse.GetValue(name)))
            {
                return 1;
            }
            return await target.RunAsync(parse, output, async admin =>
            {
                var tenant = await admin.CreateTenantAsync(tenantId, parse.GetValue(name), cancellationToken);
                await (AdminTarget.Json(parse)
                    ? TenantOutput.WriteJsonAsync(output, TenantJson.Tenant(tenant))
                    : output.WriteLineAsync($"Created tenant '{tenant.Id}'. Its SCIM base URL is {admin.ScimBase}/{tenant.Id}."));
            }, cancellationToken);
        });

        var list = new Command("list", "List the tenants.");
        AdminTarget.AddOptions(list);
        AdminTarget.AddJsonOption(list);
        list.SetAction((parse, cancellationToken) => target.RunAsync(parse, output, async admin =>
        {
            var tenants = await admin.ListTenantsAsync(cancellationToken);
            await (AdminTarget.Json(parse) ? TenantOutput.WriteJsonAsync(output, TenantOutput.TenantsJson(tenants)) : TenantOutput.WriteTenantsAsync(output, tenants));
        }, cancellationToken));

        var renameId = new Argument<string>("id") { Description = "The tenant to rename; its id and SCIM URL stay." };
        var newName = new Option<string>("--name") { Description = "The new display name.", Required = true };
        var rename = new Command("rename", "Change a tenant's display name.") { renameId, newName };
        AdminTarget.AddOptions(rename);
        AdminTarget.AddJsonOption(rename);
        rename.SetAction(async (parse, cancellationToken) =>
        {
            if (await BadNameAsync(output, parse.GetValue(newName)))
            {
                return 1;
            }
            return await target.RunAsync(parse, output, async admin =>
            {
                var tenant = await admin.RenameTenantAsync(parse.GetValue(renameId)!, parse.GetValue(newName)!, cancellationToken);
                await (AdminTarget.Json(parse)
                    ? TenantOutput.WriteJsonAsync(output, TenantJson.Tenant(tenant))
                    : output.WriteLineAsync($"Renamed tenant '{tenant.Id}' to '{tenant.DisplayName}'."));
            }, cancellationToken);
        });

        var deleteId = new Argument<string>("id") { Description = "The tenant to delete with all its data." };
        var confirm = new Option<string?>("--confirm") { Description = "The tenant's id again: deleting removes all its data and cannot be undone." };
        var delete = new Command("delete", "Delete a tenant and ALL its data (users, groups, events, audit, tokens, webhooks, access, settings).") { deleteId, confirm };
        AdminTarget.AddOptions(delete);
        delete.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(deleteId)!;
            if (!string.Equals(parse.GetValue(confirm), tenantId, StringComparison.Ordinal))
            {
                await output.WriteLineAsync($"Deleting tenant '{LogText.Escape(tenantId)}' removes all its data and cannot be undone. To confirm, run: provisio tenants delete {LogText.Escape(tenantId)} --confirm {LogText.Escape(tenantId)}");
                return 1;
            }
            return await target.RunAsync(parse, output, async admin =>
            {
                await admin.DeleteTenantAsync(tenantId, cancellationToken);
                await output.WriteLineAsync($"Deleted tenant '{tenantId}' and all its data; its tokens no longer work.");
            }, cancellationToken);
        });
        return new Command("tenants", "Manage tenants and their settings.")
        {
            create, list, rename, delete, TenantSettingsCommands.Set(output, target), TenantSettingsCommands.Show(output, target), TenantStatusCommand.Create(output, target),
        };
    }

    /// <summary>The admin API's rule for a display name, checked before anything is contacted.</summary>
    private static async Task<bool> BadNameAsync(TextWriter output, string? name)
    {
        if (name is null || (!string.IsNullOrWhiteSpace(name) && name.Length <= TenantEndpoints.MaxNameLength && !name.Any(char.IsControl)))
        {
            return false;
        }
        await output.WriteLineAsync($"--name must be 1 to {TenantEndpoints.MaxNameLength} characters, not blank, without control characters.");
        return true;
    }
}
