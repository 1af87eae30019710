using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Provisio.Server.Admin;
using Provisio.Storage.Activity;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary>
/// <c>provisio tenants status --tenant T [--json]</c>: the sync status the admin API's <c>/status</c> gives, from a
/// server with <c>--server</c>, or read from the local database (where the counts running servers have not written
/// yet, at most a few seconds' worth, are not).
/// </summary>
internal static class TenantStatusCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(TextWriter output, AdminTarget target)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print JSON (the admin API's shape) instead of text." };
        var status = new Command("status", "Print how a tenant's sync is doing: last request, users and groups, requests and errors, recent failures.")
        {
            tenant, json,
        };
        AdminTarget.AddOptions(status);
        status.SetAction((parse, cancellationToken) => target.RunAsync(parse, output, async admin =>
        {
            var tenantId = parse.GetValue(tenant)!;
            var (read, stale) = await admin.GetStatusAsync(tenantId, cancellationToken);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(TenantStatusJson.Write(read, stale).ToJsonString(Indented));
                return;
            }
            await WriteTextAsync(output, tenantId, read, stale, await admin.GetSettingsAsync(tenantId, cancellationToken));
        }, cancellationToken));
        return status;
    }

    private static async Task WriteTextAsync(TextWriter output, string tenantId, TenantStatus status, bool stale, TenantSettings settings)
    {
        await output.WriteLineAsync($"Sync status of tenant '{tenantId}':");
        await output.WriteLineAsync($"  first sync       {Time(status.FirstSyncAt)}");
        await output.WriteLineAsync($"  last request     {Time(status.LastRequestAt)}"
            + (stale ? $"  STALE (nothing for {settings.StaleAfterHours} hours or more)" : ""));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  users            {status.ActiveUsers} active, {status.SuspendedUsers} suspended, {status.DeletedUsers} deleted"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  groups           {status.Groups}"));
        await output.WriteLineAsync($"  last hour        {Requests(status.LastHour)}");
        await output.WriteLineAsync($"  last day         {Requests(status.LastDay)}");
        if (settings.Paused)
        {
            await output.WriteLineAsync("  paused           SCIM requests answer 503 (provisio tenants set --paused false resumes)");
        }
        if (status.RecentFailures.Count > 0)
        {
            await output.WriteLineAsync("  recent failures:");
            foreach (var failure in status.RecentFailures)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"    {failure.At:u}  {failure.Status} {failure.ScimType ?? "-"}  {failure.Method} {failure.Path}  {Provisio.AspNetCore.Logging.LogText.Escape(failure.Detail ?? "")}"));
            }
        }
    }

    private static string Time(DateTimeOffset? time) => time is { } t ? t.ToString("u", CultureInfo.InvariantCulture) : "never";

    private static string Requests(IReadOnlyDictionary<int, long> byStatus) =>
        byStatus.Count == 0
            ? "no requests"
            : string.Create(CultureInfo.InvariantCulture,
                $"{byStatus.Values.Sum()} requests ({string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}), {TenantStatusJson.Errors(byStatus)} errors");
}
