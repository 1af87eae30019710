using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Provisio.Bench;

/// <summary>
/// What an IdP does to a SCIM server during and after a first sync, as client code shared by the Provisio runs and
/// the baselines: any difference in the numbers is the server's.
/// </summary>
internal static class SyncWorkloads
{
    public const int PageSize = 1_000;

    private const string Deactivate = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}""";

    /// <summary>
    /// Okta's push of a new directory: per user <c>GET /Users?filter=userName eq "…"</c> (nobody yet) then
    /// <c>POST /Users</c>. One sample per user (both requests). Returns the new users' ids by index.
    /// </summary>
    public static async Task<(Throughput Result, string[] Ids)> SyncAsync(ScimClient client, int users, int concurrency, CancellationToken cancellationToken)
    {
        var ids = new string[users];
        var result = await Throughput.MeasureAsync(users, concurrency, async (i, token) =>
        {
            if (await client.FindUserAsync(OktaUser.UserName(i), token) != 0)
            {
                throw new InvalidOperationException($"{OktaUser.UserName(i)} exists before the sync created it.");
            }
            ids[i] = await client.CreateUserAsync(OktaUser.Body(i), token);
        }, cancellationToken);
        return (result, ids);
    }

    /// <summary><c>userName eq</c> lookups of existing users (indexes below <paramref name="users"/>), one sample per request.</summary>
    public static Task<Throughput> LookupsAsync(ScimClient client, int users, int operations, int concurrency, bool expectFound, CancellationToken cancellationToken)
    {
        var targets = Spread(users, operations);
        return Throughput.MeasureAsync(operations, concurrency, async (i, token) =>
        {
            var found = await client.FindUserAsync(OktaUser.UserName(targets[i]), token);
            if (expectFound && found != 1)
            {
                throw new InvalidOperationException($"{OktaUser.UserName(targets[i])}: {found} users found, expected 1.");
            }
        }, cancellationToken);
    }

    /// <summary>Okta's deactivation PATCH (<c>replace active=false</c>, no path), one sample per request.</summary>
    public static Task<Throughput> DeactivationsAsync(ScimClient client, string[] ids, int operations, int concurrency, CancellationToken cancellationToken)
    {
        var targets = Spread(ids.Length, operations);
        return Throughput.MeasureAsync(operations, concurrency,
            (i, token) => client.SendAsync(HttpMethod.Patch, $"Users/{ids[targets[i]]}", Deactivate, token), cancellationToken);
    }

    /// <summary>Reads every user, <see cref="PageSize"/> a page, by startIndex or by cursor (RFC 9865); one sample per page.</summary>
    public static async Task<Throughput> PageAllAsync(ScimClient client, int users, bool cursor, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        var read = 0;
        var next = cursor ? "" : null;
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var query = cursor ? $"cursor={Uri.EscapeDataString(next!)}" : $"startIndex={read + 1}";
            var start = Stopwatch.GetTimestamp();
            var page = await client.GetJsonAsync($"Users?{query}&count={PageSize}", cancellationToken);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            var count = ((JsonArray?)page["Resources"])?.Count ?? 0;
            read += count;
            next = (string?)page["nextCursor"];
            if (count == 0 || (cursor ? next is null : read >= (int)page["totalResults"]!))
            {
                break;
            }
        }
        if (read != users)
        {
            throw new InvalidOperationException($"Paging {(cursor ? "by cursor" : "by index")} read {read} users, expected {users}.");
        }
        return Throughput.FromSamples(samples, 1, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary><paramref name="count"/> indexes below <paramref name="n"/> in a fixed random order, distinct while count ≤ n.</summary>
    private static int[] Spread(int n, int count)
    {
        var order = Enumerable.Range(0, n).ToArray();
        new Random(7).Shuffle(order);
        return [.. Enumerable.Range(0, count).Select(i => order[i % n])];
    }
}
