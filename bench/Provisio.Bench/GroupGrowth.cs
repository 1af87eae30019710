using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Provisio.Bench;

/// <summary>
/// One group grown to N members with PATCH batches of 100 (as Okta and Entra push memberships), timing each batch: a
/// membership change should cost the same on a 100-member and a 100,000-member group.
/// </summary>
internal sealed class GroupGrowth
{
    private GroupGrowth(string groupId, List<double> batchMs)
    {
        GroupId = groupId;
        BatchMs = batchMs;
    }

    public string GroupId { get; }

    /// <summary>Milliseconds per 100-member PATCH, in order.</summary>
    public IReadOnlyList<double> BatchMs { get; }

    /// <summary>Mean of the last 10 batches over the mean of the first 10 (goal ≤ 1.5×).</summary>
    public double LastOverFirst => BatchMs.TakeLast(10).Average() / BatchMs.Take(10).Average();

    /// <summary>The path the batches PATCH: Okta and Entra do not need the member list back, so it is not asked for.</summary>
    public string Target => TargetFor(GroupId);

    /// <summary>
    /// Creates a group (named <paramref name="displayName"/>, or a new name) and adds <paramref name="userIds"/> to it 100
    /// at a time; calls <paramref name="afterBatch"/> with the group size.
    /// </summary>
    public static async Task<GroupGrowth> RunAsync(ScimClient client, IReadOnlyList<string> userIds, Action<int>? afterBatch, CancellationToken cancellationToken, string? displayName = null)
    {
        var group = await client.SendAsync(HttpMethod.Post, "Groups",
            new JsonObject { ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Group"), ["displayName"] = displayName ?? $"Everyone {Guid.NewGuid():N}" }, cancellationToken);
        var groupId = (string)JsonNode.Parse(group)!["id"]!;
        var batchMs = new List<double>();
        for (var start = 0; start + 100 <= userIds.Count; start += 100)
        {
            var value = new JsonArray([.. userIds.Skip(start).Take(100).Select(id => (JsonNode)new JsonObject { ["value"] = id })]);
            var body = new JsonObject
            {
                ["schemas"] = new JsonArray(ScimClient.PatchOp),
                ["Operations"] = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "members", ["value"] = value }),
            };
            var started = Stopwatch.GetTimestamp();
            await client.SendAsync(HttpMethod.Patch, TargetFor(groupId), body, cancellationToken);
            batchMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            afterBatch?.Invoke(start + 100);
        }
        return new GroupGrowth(groupId, batchMs);
    }

    private static string TargetFor(string groupId) => $"Groups/{groupId}?excludedAttributes=members";

    /// <summary>Mean and p99 of the batches around 1,000, 10,000 and 100,000 members, as a Markdown table.</summary>
    public async Task WriteTableAsync(TextWriter output)
    {
        await output.WriteLineAsync("| group size when the batch ran | batches | mean ms per 100-member PATCH | p99 ms |");
        await output.WriteLineAsync("|---|---|---|---|");
        foreach (var size in new[] { 1_000, 10_000, 100_000 })
        {
            var index = (size / 100) - 1;
            if (index >= BatchMs.Count)
            {
                continue;
            }
            var window = BatchMs.Skip(Math.Max(0, index - 9)).Take(Math.Min(10, index + 1)).Order().ToArray();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {Math.Max(100, size - 1_000):N0}–{size:N0} | {window.Length} | {window.Average():F2} | {Latency.Percentile(window, 0.99):F2} |"));
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"last 10 batches / first 10 batches: {LastOverFirst:F2}x"));
    }
}
