using System.CommandLine;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary><c>provisio tenants set|show</c>: a tenant's settings, described in docs/tenant-settings.md.</summary>
internal static class TenantSettingsCommands
{
    public static Command Set(TextWriter output, AdminTarget target)
    {
        var id = new Argument<string>("id") { Description = "The tenant." };
        var deleteMode = new Option<string?>("--delete-mode")
        {
            Description = "soft (default): a deleted user answers 404 but is kept until purged; hard: its rows go at once.",
        };
        var graceDays = new Option<int?>("--grace-days")
        {
            Description = $"With soft deletes: purge a deleted user after this many days, 1 to {TenantSettingsRules.MaxDays}.",
        };
        var noGrace = new Option<bool>("--no-grace") { Description = "With soft deletes: keep deleted users (the default)." };
        var retention = new Option<int?>("--audit-retention-days")
        {
            Description = $"Days the audit log is kept, 1 to {TenantSettingsRules.MaxDays} (default {TenantSettings.Default.AuditRetentionDays}).",
        };
        var auditReads = new Option<string?>("--audit-reads") { Description = "true: audit GET and search requests too; false (default): writes only." };
        var sensitive = new Option<string?>("--sensitive-attributes")
        {
            Description = "Comma-separated attribute paths dropped from every input and never stored, e.g. "
                + "ssn,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber; \"\" for none.",
        };
        var headers = new Option<string?>("--request-id-headers")
        {
            Description = "Comma-separated headers that carry the IdP's request id, the first one present wins; "
                + "'default' for " + string.Join(",", TenantSettings.DefaultRequestIdHeaders) + ", \"\" for none.",
        };
        var syncGroups = new Option<string?>("--sync-groups")
        {
            Description = "Comma-separated groups (displayNames or ids, case-insensitive) whose mappings grant access; "
                + "'all' (default) for every group. Groups left out are still stored.",
        };
        var policy = new Option<string?>("--protected-role-policy")
        {
            Description = "refuse (default): a SCIM write that leaves a protected role without an active holder is refused; "
                + "allow-and-alert: it succeeds and an event says so.",
        };
        var paused = new Option<string?>("--paused")
        {
            Description = "true: every SCIM request of the tenant answers 503 with Retry-After and changes nothing; false (default): it works.",
        };
        var dryRun = new Option<string?>("--dry-run")
        {
            Description = "true: SCIM writes as usual but its events are never delivered (GET /api/tenants/{t}/dry-run lists them); false (default).",
        };
        var externalIdUnique = new Option<string?>("--external-id-unique")
        {
            Description = "true: a second user with the same externalId gets 409 uniqueness (refused while users share one); false (default).",
        };
        var maxPageSize = new Option<string?>("--max-page-size")
        {
            Description = $"The most resources one page of the tenant's lists returns, 1 to {TenantSettingsRules.MaxPageSize}; 'default' for the server's.",
        };
        var defaultPageSize = new Option<string?>("--default-page-size")
        {
            Description = $"Resources per page when a list asks for no count, 1 to {TenantSettingsRules.MaxPageSize}; 'default' for the server's.",
        };
        var rateLimit = new Option<string?>("--rate-limit")
        {
            Description = "The tenant's SCIM rate limit as PERMITS_PER_SECOND:BURST (e.g. 50:500); 'default' for the server's (Provisio:RateLimits:Scim).",
        };
        var staleAfterHours = new Option<int?>("--stale-after-hours")
        {
            Description = $"The sync status says stale after this many hours without a SCIM request, 1 to {TenantSettingsRules.MaxStaleAfterHours} (default {TenantSettings.Default.StaleAfterHours}).",
        };
        var set = new Command("set", "Change a tenant's settings; what is not given keeps its value.")
        {
            id, deleteMode, graceDays, noGrace, retention, auditReads, sensitive, headers, syncGroups, policy,
            paused, dryRun, externalIdUnique, maxPageSize, defaultPageSize, rateLimit, staleAfterHours,
        };
        AdminTarget.AddOptions(set);
        set.SetAction(async (parse, cancellationToken) =>
        {
            var change = new TenantSettingsChange
            {
                DeleteMode = parse.GetValue(deleteMode),
                GraceDays = parse.GetValue(graceDays),
                NoGrace = parse.GetValue(noGrace),
                AuditRetentionDays = parse.GetValue(retention),
                AuditReads = parse.GetValue(auditReads),
                SensitiveAttributes = parse.GetValue(sensitive),
                RequestIdHeaders = parse.GetValue(headers),
                SyncGroups = parse.GetValue(syncGroups),
                ProtectedRolePolicy = parse.GetValue(policy),
                Paused = parse.GetValue(paused),
                DryRun = parse.GetValue(dryRun),
                ExternalIdUnique = parse.GetValue(externalIdUnique),
                MaxPageSize = parse.GetValue(maxPageSize),
                DefaultPageSize = parse.GetValue(defaultPageSize),
                RateLimit = parse.GetValue(rateLimit),
                StaleAfterHours = parse.GetValue(staleAfterHours),
            };
            if (change.IsEmpty)
            {
                await output.WriteLineAsync("Nothing to change: give at least one option (provisio tenants set --help lists them).");
                return 1;
            }
            var tenantId = parse.GetValue(id)!;
            return await target.RunAsync(parse, output, async admin =>
            {
                var (settings, problems) = change.ApplyTo(await admin.GetSettingsAsync(tenantId, cancellationToken));
                if (problems.Count > 0)
                {
                    throw new AdminCommandException($"Nothing changed for tenant '{tenantId}':" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)));
                }
                await admin.SaveSettingsAsync(tenantId, settings, cancellationToken);
                await output.WriteLineAsync("Saved; running servers use it within a few seconds.");
                await TenantSettingsPrinter.WriteTextAsync(output, tenantId, settings);
            }, cancellationToken);
        });
        return set;
    }

    public static Command Show(TextWriter output, AdminTarget target)
    {
        var id = new Argument<string>("id") { Description = "The tenant." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var show = new Command("show", "Print every setting of a tenant, defaults included.") { id, json };
        AdminTarget.AddOptions(show);
        show.SetAction((parse, cancellationToken) => target.RunAsync(parse, output, async admin =>
        {
            var tenantId = parse.GetValue(id)!;
            var settings = await admin.GetSettingsAsync(tenantId, cancellationToken);
            await (parse.GetValue(json)
                ? TenantSettingsPrinter.WriteJsonAsync(output, tenantId, settings)
                : TenantSettingsPrinter.WriteTextAsync(output, tenantId, settings));
        }, cancellationToken));
        return show;
    }
}
