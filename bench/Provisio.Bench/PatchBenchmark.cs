using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisio.Bench;

/// <summary>
/// Grows one group to N members with PATCH batches of 100 (as Okta and Entra push memberships), then removes 1,000
/// members one PATCH at a time, over HTTP; reports the time per batch as the group grows and the server's managed
/// memory, to show that a membership change costs the same on a 100-member and a 100,000-member group.
/// </summary>
internal static class PatchBenchmark
{
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    public static async Task<int> RunAsync(int members, BenchStorage storage, TextWriter output, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync("Provisio membership PATCH benchmark.");
        await using var server = await BenchServer.StartAsync(storage, members, output, cancellationToken);
        var users = await server.UserIdsAsync(members, cancellationToken);
        var group = await SendAsync(server.Http, HttpMethod.Post, "Groups",
            new JsonObject { ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:Group"), ["displayName"] = $"Everyone {Guid.NewGuid():N}" }, cancellationToken);
        var groupId = (string)JsonNode.Parse(group)!["id"]!;
        // Okta and Entra do not need the member list back; asking for it without members keeps the answer small.
        var target = $"Groups/{groupId}?excludedAttributes=members";

        var batchTimes = new List<double>();
        var memory = new List<(int Members, long Bytes)>();
        for (var start = 0; start + 100 <= users.Count; start += 100)
        {
            var value = new JsonArray([.. users.Skip(start).Take(100).Select(id => (JsonNode)new JsonObject { ["value"] = id })]);
            var body = new JsonObject
            {
                ["schemas"] = new JsonArray(PatchOp),
                ["Operations"] = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "members", ["value"] = value }),
            };
            var started = Stopwatch.GetTimestamp();
            await SendAsync(server.Http, HttpMethod.Patch, target, body, cancellationToken);
            batchTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var size = start + 100;
            if (size is 1_000 or 10_000 or 100_000 || size == users.Count)
            {
                memory.Add((size, GC.GetTotalMemory(forceFullCollection: true)));
            }
        }

        var removals = new List<double>();
        foreach (var id in users.Take(1_000))
        {
            var body = new JsonObject
            {
                ["schemas"] = new JsonArray(PatchOp),
                ["Operations"] = new JsonArray(new JsonObject { ["op"] = "remove", ["path"] = $"members[value eq \"{id}\"]" }),
            };
            var started = Stopwatch.GetTimestamp();
            await SendAsync(server.Http, HttpMethod.Patch, target, body, cancellationToken);
            removals.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("| group size when the batch ran | batches | mean ms per 100-member PATCH | p99 ms |");
        await output.WriteLineAsync("|---|---|---|---|");
        foreach (var (label, from, to) in Windows(batchTimes.Count))
        {
            var window = batchTimes.Skip(from).Take(to - from).Order().ToList();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {window.Count} | {window.Average():F2} | {window[Math.Max(0, (int)Math.Ceiling(0.99 * window.Count) - 1)]:F2} |"));
        }
        var firstWindow = batchTimes.Take(10).Average();
        var lastWindow = batchTimes.TakeLast(10).Average();
        removals.Sort();
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"last 10 batches / first 10 batches: {lastWindow / firstWindow:F2}x"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"1,000 single-member removals from a {users.Count:N0}-member group: p50 {removals[499]:F2} ms, p99 {removals[989]:F2} ms"));
        await output.WriteLineAsync("managed heap after a full GC: " + string.Join(", ", memory.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Members:N0} members {m.Bytes / 1_048_576.0:F1} MB"))));
        return 0;
    }

    private static IEnumerable<(string Label, int From, int To)> Windows(int batches)
    {
        foreach (var size in new[] { 1_000, 10_000, 100_000 })
        {
            var index = (size / 100) - 1;
            if (index < batches)
            {
                yield return (string.Create(CultureInfo.InvariantCulture, $"{Math.Max(100, size - 1_000):N0}–{size:N0}"), Math.Max(0, index - 9), index + 1);
            }
        }
    }

    private static async Task<string> SendAsync(HttpClient http, HttpMethod method, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/scim+json"),
        };
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
        return text;
    }
}
