using System.CommandLine;
using System.Text.Json;
using Provisio.Server.Admin;
using Provisio.Storage.Audit;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Cli;

/// <summary><c>provisio audit list</c>: a tenant's audit log, newest first, as a table or as the admin API's JSON.</summary>
internal static class AuditCommands
{
    public static Command Create(TextWriter output)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant whose log to read.", Required = true };
        var resource = new Option<string?>("--resource") { Description = "Only entries about this resource id." };
        var action = new Option<string?>("--action") { Description = $"Only this action: {string.Join(", ", AuditActions.All)}." };
        action.AcceptOnlyFromAmong([.. AuditActions.All]);
        var status = new Option<int?>("--status") { Description = "Only entries that answered this HTTP status, e.g. 409." };
        var requestId = new Option<string?>("--request-id") { Description = "Only entries of this IdP request id." };
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many entries, 1 to {QueryParameters.MaxLimit}.",
            DefaultValueFactory = _ => QueryParameters.DefaultLimit,
        };
        var json = new Option<bool>("--json") { Description = "Print the entries as JSON, as the admin API returns them." };
        var list = new Command("list", "List audit entries, newest first.") { tenant, resource, action, status, requestId, limit, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(limit) is < 1 or > QueryParameters.MaxLimit)
            {
                await output.WriteLineAsync($"--limit must be a whole number from 1 to {QueryParameters.MaxLimit}.");
                return 1;
            }
            var services = await ProvisioCommandLine.ServicesAsync(parse, cancellationToken);
            var tenantId = parse.GetValue(tenant)!;
            if (await services.GetRequiredService<ITenantStore>().FindTenantAsync(tenantId, cancellationToken) is null)
            {
                await output.WriteLineAsync($"No tenant '{tenantId}'.");
                return 1;
            }
            var query = new AuditQuery
            {
                ResourceId = parse.GetValue(resource),
                Action = parse.GetValue(action),
                Status = parse.GetValue(status),
                RequestId = parse.GetValue(requestId),
                Limit = parse.GetValue(limit),
            };
            var (entries, _) = await services.GetRequiredService<IAuditLog>().QueryAsync(tenantId, query, cancellationToken);
            await (parse.GetValue(json) ? WriteJsonAsync(output, entries) : WriteTableAsync(output, entries));
            return 0;
        });
        return new Command("audit", "Read a tenant's audit log.") { list };
    }

    private static async Task WriteJsonAsync(TextWriter output, IReadOnlyList<AuditEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var entry in entries)
            {
                AuditEntryJson.Write(writer, entry);
            }
            writer.WriteEndArray();
        }
        await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static async Task WriteTableAsync(TextWriter output, IReadOnlyList<AuditEntry> entries)
    {
        await output.WriteLineAsync(string.Join('\t', "ID", "AT", "ACTION", "STATUS", "REQUEST", "RESOURCE", "TOKEN", "REQUEST-ID"));
        foreach (var entry in entries)
        {
            await output.WriteLineAsync(string.Join('\t',
                entry.Id, $"{entry.At:u}", entry.Action, entry.Status + (entry.ErrorType is { } type ? $" {type}" : ""),
                $"{entry.Method} {entry.Path}", entry.ResourceId is { } id ? $"{entry.ResourceType}/{id}" : "-",
                entry.TokenName ?? entry.TokenId ?? "-", entry.RequestId ?? "-"));
        }
    }
}
