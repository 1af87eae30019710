using System.CommandLine;
using System.Globalization;
using Provisio.Server.Admin;
using Provisio.Storage.Access;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>
/// <c>provisio access map|unmap|list|protect|unprotect|rank</c>: which IdP groups grant which roles and workspaces in
/// a tenant, and its roles' ranks and protection, as the admin API's <c>/access</c> routes manage them (docs/access.md).
/// </summary>
internal static class AccessCommands
{
    public static Command Create(TextWriter output) => new("access", "Map a tenant's IdP groups to roles and workspaces; rank and protect roles.")
    {
        Map(output), Unmap(output), List(output), Protect(output, protect: true), Protect(output, protect: false), Rank(output),
    };

    private static Option<string> TenantOption() => new("--tenant") { Description = "The tenant.", Required = true };

    private static Option<string> GroupOption() => new("--group")
    {
        Description = "The group's displayName (case-insensitive; it may be mapped before its first sync), or its id with --by id.",
        Required = true,
    };

    private static Option<string> ByOption() => new("--by") { Description = "name (default) or id: how --group names the group." };

    private static Option<string> RoleOption() => new("--role") { Description = "The role, as the app names it.", Required = true };

    private static Command Map(TextWriter output)
    {
        var (tenant, group, by) = (TenantOption(), GroupOption(), ByOption());
        var roles = new Option<string?>("--roles") { Description = "Comma-separated roles the group's members get." };
        var workspaces = new Option<string?>("--workspaces") { Description = "Comma-separated workspaces the group's members join." };
        var map = new Command("map", "Map a group to roles and/or workspaces, replacing its mapping if it has one.") { tenant, group, by, roles, workspaces };
        map.SetAction(async (parse, cancellationToken) =>
        {
            var (tenantId, groupName) = (parse.GetValue(tenant)!, parse.GetValue(group)!);
            var (roleNames, workspaceNames) = (Names(parse.GetValue(roles)), Names(parse.GetValue(workspaces)));
            var problems = new List<string>();
            var kind = Kind(parse.GetValue(by), problems);
            if (AccessNames.GroupRefusal(groupName) is { } refusal)
            {
                problems.Add("--group: " + refusal);
            }
            problems.AddRange(AccessNames.Problems("role", roleNames).Select(p => "--roles: " + p));
            problems.AddRange(AccessNames.Problems("workspace", workspaceNames).Select(p => "--workspaces: " + p));
            if (roleNames.Length == 0 && workspaceNames.Length == 0)
            {
                problems.Add("--roles, --workspaces: a mapping grants at least one role or workspace");
            }
            if (await RefusedAsync(output, tenantId, problems))
            {
                return 1;
            }
            if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            var mapping = new AccessMapping
            {
                TenantId = tenantId,
                Id = AccessMappingIds.New(),
                Group = groupName,
                ReferenceKind = kind,
                Roles = AccessNames.Distinct(roleNames),
                Workspaces = AccessNames.Distinct(workspaceNames),
                Created = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            };
            var stored = await services.GetRequiredService<IAccessConfigurationStore>().MapAsync(mapping, cancellationToken);
            await output.WriteLineAsync($"{(stored.Id == mapping.Id ? "Mapped" : "Replaced the mapping of")} group '{stored.Group}' (by {AccessJson.By(kind)}), "
                + $"{stored.Id}: roles {Joined(stored.Roles)}; workspaces {Joined(stored.Workspaces)}.");
            await output.WriteLineAsync("Users' access is recomputed in the background.");
            return 0;
        });
        return map;
    }

    private static Command Unmap(TextWriter output)
    {
        var (tenant, group, by) = (TenantOption(), GroupOption(), ByOption());
        var unmap = new Command("unmap", "Remove a group's mapping; its members lose what it granted.") { tenant, group, by };
        unmap.SetAction(async (parse, cancellationToken) =>
        {
            var (tenantId, groupName) = (parse.GetValue(tenant)!, parse.GetValue(group)!);
            var problems = new List<string>();
            var kind = Kind(parse.GetValue(by), problems);
            if (AccessNames.GroupRefusal(groupName) is { } refusal)
            {
                problems.Add("--group: " + refusal);
            }
            if (await RefusedAsync(output, tenantId, problems)
                || await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            if (!await services.GetRequiredService<IAccessConfigurationStore>().UnmapAsync(tenantId, kind, groupName, cancellationToken))
            {
                await output.WriteLineAsync($"Tenant '{tenantId}' has no mapping of group '{AccessNames.Shown(groupName)}' by {AccessJson.By(kind)}.");
                return 1;
            }
            await output.WriteLineAsync($"Unmapped group '{groupName}' (by {AccessJson.By(kind)}).");
            return 0;
        });
        return unmap;
    }

    private static Command List(TextWriter output)
    {
        var tenant = TenantOption();
        var list = new Command("list", "Print the tenant's mappings, ranked and protected roles, sync groups and protected-role policy.") { tenant };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var tenantId = parse.GetValue(tenant)!;
            if (await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
            {
                return 1;
            }
            var store = services.GetRequiredService<IAccessConfigurationStore>();
            await output.WriteLineAsync(string.Join('\t', "ID", "GROUP", "BY", "ROLES", "WORKSPACES", "CREATED"));
            foreach (var mapping in await store.ListMappingsAsync(tenantId, cancellationToken))
            {
                await output.WriteLineAsync(string.Join('\t', mapping.Id, mapping.Group, AccessJson.By(mapping.ReferenceKind),
                    Joined(mapping.Roles), Joined(mapping.Workspaces), $"{mapping.Created:u}"));
            }
            await output.WriteLineAsync();
            await output.WriteLineAsync(string.Join('\t', "ROLE", "RANK", "PROTECTED"));
            foreach (var role in await store.ListRolesAsync(tenantId, cancellationToken))
            {
                await output.WriteLineAsync(string.Join('\t', role.Role, role.Rank?.ToString(CultureInfo.InvariantCulture) ?? "-", role.Protected ? "yes" : "no"));
            }
            var settings = await services.GetRequiredService<ITenantSettingsStore>().GetAsync(tenantId, cancellationToken);
            await output.WriteLineAsync();
            await output.WriteLineAsync($"sync-groups            {(settings.SyncGroups is { } groups ? Joined(groups) : "all")}");
            await output.WriteLineAsync($"protected-role-policy  {AccessJson.PolicyName(settings.ProtectedRolePolicy)}");
            return 0;
        });
        return list;
    }

    private static Command Protect(TextWriter output, bool protect)
    {
        var (tenant, role) = (TenantOption(), RoleOption());
        var rank = new Option<int?>("--rank") { Description = "Also set the role's rank (higher wins)." };
        var command = protect
            ? new Command("protect", "Protect a role: a SCIM write that leaves it no active holder follows the tenant's protected-role policy.")
            {
                tenant, role, rank,
            }
            : new Command("unprotect", "Stop protecting a role (its rank is kept).") { tenant, role };
        command.SetAction((parse, cancellationToken) =>
            SetRoleAsync(parse, output, parse.GetValue(tenant)!, parse.GetValue(role)!,
                current => current with { Protected = protect, Rank = protect && parse.GetValue(rank) is { } r ? r : current.Rank }, cancellationToken));
        return command;
    }

    private static Command Rank(TextWriter output)
    {
        var (tenant, role) = (TenantOption(), RoleOption());
        var rank = new Option<int>("--rank") { Description = "The role's rank: when several roles apply, the highest wins.", Required = true };
        var command = new Command("rank", "Set a role's rank (its protection is kept).") { tenant, role, rank };
        command.SetAction((parse, cancellationToken) =>
            SetRoleAsync(parse, output, parse.GetValue(tenant)!, parse.GetValue(role)!, current => current with { Rank = parse.GetValue(rank) }, cancellationToken));
        return command;
    }

    /// <summary>Changes a role from what is stored of it (unranked and unprotected when nothing is) and prints the result.</summary>
    private static async Task<int> SetRoleAsync(
        ParseResult parse, TextWriter output, string tenantId, string role, Func<AccessRole, AccessRole> change, CancellationToken cancellationToken)
    {
        if (await RefusedAsync(output, tenantId, AccessNames.Refusal("role", role) is { } refusal ? ["--role: " + refusal] : [])
            || await ProvisioCommandLine.TenantServicesAsync(parse, tenantId, output, cancellationToken) is not { } services)
        {
            return 1;
        }
        var store = services.GetRequiredService<IAccessConfigurationStore>();
        var current = (await store.ListRolesAsync(tenantId, cancellationToken)).FirstOrDefault(r => r.Role == role)
            ?? new AccessRole(tenantId, role, null, false);
        var changed = change(current);
        await store.SetRoleAsync(changed, cancellationToken);
        await output.WriteLineAsync($"Role '{role}': rank {changed.Rank?.ToString(CultureInfo.InvariantCulture) ?? "none"}, "
            + (changed.Protected ? "protected." : "not protected."));
        return 0;
    }

    private static GroupReference Kind(string? by, List<string> problems)
    {
        switch (by?.Trim().ToLowerInvariant())
        {
            case null or "name":
                return GroupReference.Name;
            case "id":
                return GroupReference.Id;
            default:
                problems.Add($"--by: '{AccessNames.Shown(by)}' is neither 'name' nor 'id'");
                return GroupReference.Name;
        }
    }

    /// <summary>Says what is wrong, one line per problem, when there is something; true then.</summary>
    private static async Task<bool> RefusedAsync(TextWriter output, string tenantId, List<string> problems)
    {
        if (problems.Count == 0)
        {
            return false;
        }
        await output.WriteLineAsync($"Nothing changed for tenant '{AccessNames.Shown(tenantId)}':");
        foreach (var problem in problems)
        {
            await output.WriteLineAsync("  " + problem);
        }
        return true;
    }

    /// <summary>A comma-separated list, each entry trimmed, empty entries dropped; null is empty.</summary>
    private static string[] Names(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string Joined(IReadOnlyList<string> names) => names.Count == 0 ? "-" : string.Join(',', names);
}
