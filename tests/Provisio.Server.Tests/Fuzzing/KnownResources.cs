using System.Net;
using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// What the fuzzer has seen exist: user and group ids (its own tenant's and another tenant's), their last ETags, and
/// list cursors. Requests pick from here so that PATCH, PUT, DELETE and conditional headers hit real resources.
/// </summary>
internal sealed class KnownResources
{
    public List<string> Users { get; } = [];

    public List<string> Groups { get; } = [];

    /// <summary>Ids in the other tenant: valid ids that must never be reachable from this one.</summary>
    public List<string> ForeignIds { get; } = [];

    public List<string> ETags { get; } = [];

    public List<string> Cursors { get; } = [];

    /// <summary>Learns from a response to a request of this tenant: created and deleted ids, versions, cursors.</summary>
    public void Observe(FuzzRequest request, HttpStatusCode status, JsonNode? response)
    {
        if (request.Caller != FuzzCaller.Tenant || response is not JsonObject body)
        {
            return;
        }
        var path = request.Path.Split('?', 2)[0];
        var list = path.StartsWith("/Groups", StringComparison.Ordinal) ? Groups : Users;
        if (status == HttpStatusCode.Created && body["id"]?.GetValue<string>() is { } id)
        {
            list.Add(id);
        }
        if (status == HttpStatusCode.NoContent && request.Method == HttpMethod.Delete)
        {
            list.Remove(path.Split('/')[^1]);
        }
        if (body["meta"]?["version"] is JsonValue version && version.TryGetValue<string>(out var etag))
        {
            Remember(ETags, etag);
        }
        if (body["nextCursor"] is JsonValue next && next.TryGetValue<string>(out var cursor))
        {
            Remember(Cursors, cursor);
        }
    }

    private static void Remember(List<string> items, string item)
    {
        items.Add(item);
        if (items.Count > 50)
        {
            items.RemoveAt(0);
        }
    }
}
