using System.Globalization;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Storage.Activity;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>The sync status as the admin API and <c>provisio tenants status --json</c> show it.</summary>
internal static class TenantStatusJson
{
    /// <summary>Refused requests listed at most.</summary>
    public const int RecentFailures = 10;

    /// <summary>
    /// Whether no SCIM request arrived for the tenant's <c>staleAfterHours</c>; a tenant that never had one counts from
    /// its creation, so a new tenant is not stale before its IdP had time to connect.
    /// </summary>
    public static bool IsStale(TenantStatus status, Tenant tenant, TenantSettings settings, DateTimeOffset now) =>
        now - (status.LastRequestAt ?? tenant.Created) >= TimeSpan.FromHours(settings.StaleAfterHours);

    public static JsonObject Write(TenantStatus status, bool stale) => new()
    {
        ["firstSyncAt"] = Time(status.FirstSyncAt),
        ["lastRequestAt"] = Time(status.LastRequestAt),
        ["users"] = new JsonObject
        {
            ["active"] = status.ActiveUsers,
            ["suspended"] = status.SuspendedUsers,
            ["deleted"] = status.DeletedUsers,
        },
        ["groups"] = status.Groups,
        ["requests"] = new JsonObject
        {
            ["lastHour"] = Requests(status.LastHour),
            ["lastDay"] = Requests(status.LastDay),
        },
        ["errors"] = new JsonObject
        {
            ["lastHour"] = Errors(status.LastHour),
            ["lastDay"] = Errors(status.LastDay),
        },
        ["recentFailures"] = new JsonArray([.. status.RecentFailures.Select(f => (JsonNode)new JsonObject
        {
            ["at"] = ResourceRenderer.FormatTime(f.At),
            ["method"] = f.Method,
            ["path"] = f.Path,
            ["status"] = f.Status,
            ["scimType"] = f.ScimType,
            ["detail"] = f.Detail,
        })]),
        ["stale"] = stale,
    };

    /// <summary>The status back from <see cref="Write"/>'s JSON (the CLI reads a remote server's this way).</summary>
    public static (TenantStatus Status, bool Stale) Read(JsonObject json)
    {
        static DateTimeOffset? ReadTime(JsonNode? node) =>
            node is null ? null : DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        static Dictionary<int, long> ReadRequests(JsonNode? period) =>
            period?["byStatus"] is JsonObject statuses
                ? statuses.ToDictionary(s => int.Parse(s.Key, CultureInfo.InvariantCulture), s => (long)s.Value!)
                : [];
        var users = json["users"];
        var status = new TenantStatus
        {
            FirstSyncAt = ReadTime(json["firstSyncAt"]),
            LastRequestAt = ReadTime(json["lastRequestAt"]),
            ActiveUsers = (long?)users?["active"] ?? 0,
            SuspendedUsers = (long?)users?["suspended"] ?? 0,
            DeletedUsers = (long?)users?["deleted"] ?? 0,
            Groups = (long?)json["groups"] ?? 0,
            LastHour = ReadRequests(json["requests"]?["lastHour"]),
            LastDay = ReadRequests(json["requests"]?["lastDay"]),
            RecentFailures = [.. (json["recentFailures"]?.AsArray() ?? []).OfType<JsonObject>().Select(f => new RequestFailure(
                ReadTime(f["at"]) ?? DateTimeOffset.MinValue, (string)f["method"]!, (string)f["path"]!, (int)f["status"]!,
                (string?)f["scimType"], (string?)f["detail"]))],
        };
        return (status, (bool?)json["stale"] ?? false);
    }

    /// <summary>Responses with a status of 400 or more: refused requests and server errors alike.</summary>
    public static long Errors(IReadOnlyDictionary<int, long> byStatus) => byStatus.Where(s => s.Key >= 400).Sum(s => s.Value);

    private static JsonObject Requests(IReadOnlyDictionary<int, long> byStatus)
    {
        var statuses = new JsonObject();
        foreach (var (status, count) in byStatus.OrderBy(s => s.Key))
        {
            statuses[status.ToString(CultureInfo.InvariantCulture)] = count;
        }
        return new JsonObject { ["total"] = byStatus.Values.Sum(), ["byStatus"] = statuses };
    }

    private static JsonNode? Time(DateTimeOffset? time) => time is { } t ? ResourceRenderer.FormatTime(t) : null;
}
