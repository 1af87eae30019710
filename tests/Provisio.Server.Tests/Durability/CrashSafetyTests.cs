using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;
using Xunit.Abstractions;

namespace Provisio.Server.Tests.Durability;

/// <summary>
/// The server as a real process, killed with SIGKILL while writes are in flight and started again on the same storage:
/// every acknowledged write is there, nothing is half there, and the server goes on serving.
/// </summary>
public sealed class CrashSafetyTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Top-level attributes the server adds to what a client sends.</summary>
    private static readonly string[] ServerAttributes = ["id", "meta", "schemas", "groups", "members"];

    private readonly string dataDirectory = Directory.CreateTempSubdirectory("provisio-crash-").FullName;
    private readonly List<ProvisioProcess> servers = [];
    private readonly List<HttpClient> clients = [];

    [Fact]
    public async Task Writes_acknowledged_before_a_SIGKILL_survive_the_restart()
    {
        var seed = Random.Shared.Next();
        var elapsed = Stopwatch.StartNew();
        var settings = await StorageSettingsAsync();
        output.WriteLine($"storage ready at {elapsed.Elapsed.TotalSeconds:F1} s");
        var first = Start(settings);
        var token = await first.FirstRunTokenAsync();
        var workload = new CrashWorkload(seed, workers: 6);
        using var stop = new CancellationTokenSource();
        var running = workload.RunAsync(await ConnectAsync(first, token), stop.Token);
        output.WriteLine($"first server ready at {elapsed.Elapsed.TotalSeconds:F1} s");

        // Kill after a random number of acknowledged writes, while the workers keep writing; on a slow machine after
        // 5 s, once there are enough writes to prove something.
        const int Enough = 50;
        var killAfter = new Random(seed).Next(100, 300);
        var writing = Stopwatch.StartNew();
        while (!running.IsCompleted && workload.Acknowledged < killAfter
            && (writing.Elapsed < TimeSpan.FromSeconds(5) || (workload.Acknowledged < Enough && writing.Elapsed < TimeSpan.FromSeconds(20))))
        {
            await Task.Delay(5);
        }
        var inFlightAtKill = workload.InFlight;
        first.Kill();
        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
        var context = $"seed {seed}, {workload.Acknowledged} acknowledged, {inFlightAtKill} in flight at the kill, "
            + $"rejections: [{string.Join("; ", workload.Rejections)}]";
        output.WriteLine(context);
        Assert.True(workload.Acknowledged >= Enough, $"too few writes before the kill to prove anything ({context}):\n{first.Output}");

        var second = Start(settings);
        var scim = await ConnectAsync(second, token);
        output.WriteLine($"killed and restarted at {elapsed.Elapsed.TotalSeconds:F1} s");
        var users = await ListAllAsync(scim, "/Users", "excludedAttributes=groups");
        var groups = await ListAllAsync(scim, "/Groups", "");

        CheckUsers(workload.Users, users, context);
        CheckGroups(workload.Groups, groups, users, context);
        await CheckEventsAndAuditAsync(workload, settings, context);
        output.WriteLine($"after the restart: {users.Count} users of {workload.Users.Count()} sent, {groups.Count} groups of {workload.Groups.Count()} sent, checked at {elapsed.Elapsed.TotalSeconds:F1} s");

        // The server answers normally after the restart.
        var after = await scim.CreateUserAsync("after-the-crash@example.com");
        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync($"/Users/{after["id"]}")).Status);
        Assert.Equal(users.Count + 1, (int)(await scim.GetAsync("/Users?count=0")).Json["totalResults"]!);
    }

    private static void CheckUsers(IEnumerable<SentUser> sent, Dictionary<string, JsonObject> stored, string context)
    {
        var byUserName = sent.ToDictionary(u => u.UserName, StringComparer.OrdinalIgnoreCase);
        foreach (var (id, user) in stored)
        {
            // Nothing the workload did not send, nothing half-written.
            Assert.True(byUserName.TryGetValue((string)user["userName"]!, out var origin), $"user {id} was never sent: {user} ({context})");
            Assert.True(origin.Created != WriteOutcome.Rejected, $"user {origin.UserName} was rejected but stored ({context})");
            Assert.True(origin.Id is null || origin.Id == id, $"user {origin.UserName} has id {id}, created as {origin.Id} ({context})");
            AssertSameAttributes(origin.Body, user, $"user {origin.UserName} ({context})");

            var title = int.Parse((string)user["title"]!);
            var allowed = origin.InDoubtTitle is { } later ? new[] { origin.AcknowledgedTitle, later } : [origin.AcknowledgedTitle];
            Assert.True(allowed.Contains(title),
                $"user {origin.UserName} has title {title}; acknowledged {origin.AcknowledgedTitle}, in doubt {origin.InDoubtTitle} ({context})");
        }
        foreach (var user in sent.Where(u => u.Created == WriteOutcome.Acknowledged))
        {
            Assert.True(stored.ContainsKey(user.Id!), $"acknowledged user {user.UserName} ({user.Id}) is lost ({context})");
        }
    }

    private static void CheckGroups(IEnumerable<SentGroup> sent, Dictionary<string, JsonObject> stored, Dictionary<string, JsonObject> users, string context)
    {
        var byName = sent.ToDictionary(g => g.DisplayName, StringComparer.Ordinal);
        foreach (var (id, group) in stored)
        {
            Assert.True(byName.TryGetValue((string)group["displayName"]!, out var origin), $"group {id} was never sent: {group} ({context})");
            Assert.True(origin.Created != WriteOutcome.Rejected, $"group {origin.DisplayName} was rejected but stored ({context})");
            Assert.True(origin.Id is null || origin.Id == id, $"group {origin.DisplayName} has id {id}, created as {origin.Id} ({context})");
            AssertSameAttributes(origin.Body, group, $"group {origin.DisplayName} ({context})");

            var members = (group["members"]?.AsArray() ?? []).Select(m => (string)m!["value"]!).ToList();
            var where = $"group {origin.DisplayName} has members [{string.Join(", ", members)}]; sent initial [{string.Join(", ", origin.InitialMembers)}], "
                + $"acknowledged adds [{string.Join(", ", origin.AcknowledgedAdds)}], in doubt [{string.Join(", ", origin.InDoubtAdds)}] ({context})";
            Assert.True(members.Count == members.Distinct().Count(), where);
            Assert.True(members.All(users.ContainsKey), $"a member is not a stored user: {where}");
            Assert.True(origin.InitialMembers.All(members.Contains), $"the create is half there: {where}");
            Assert.True(origin.AcknowledgedAdds.All(members.Contains), $"an acknowledged add is lost: {where}");
            Assert.True(members.All(m => origin.InitialMembers.Contains(m) || origin.AcknowledgedAdds.Contains(m) || origin.InDoubtAdds.Contains(m)),
                $"a member was never added, or its add was rejected: {where}");
        }
        foreach (var group in sent.Where(g => g.Created == WriteOutcome.Acknowledged))
        {
            Assert.True(stored.ContainsKey(group.Id!), $"acknowledged group {group.DisplayName} ({group.Id}) is lost ({context})");
        }
    }

    /// <summary>
    /// Events and audit rows commit with their write: every acknowledged write has both (each of these writes changes
    /// something), a rejected one has no event, and a write in doubt has both or neither — never one without the other.
    /// </summary>
    private static async Task CheckEventsAndAuditAsync(CrashWorkload workload, string[] settings, string context)
    {
        var (events, audited) = await RecordedRequestIdsAsync(settings);
        foreach (var (requestId, outcome) in workload.Requests)
        {
            var hasEvents = events.Contains(requestId);
            var hasAudit = audited.TryGetValue(requestId, out var status);
            var where = $"request {requestId} was {outcome}; events: {hasEvents}, audit status: {(hasAudit ? status : "none")} ({context})";
            switch (outcome)
            {
                case WriteOutcome.Acknowledged:
                    Assert.True(hasEvents && hasAudit && status is >= 200 and < 300, where);
                    break;
                case WriteOutcome.Rejected:
                    Assert.False(hasEvents, where);
                    break;
                default:
                    Assert.True(hasEvents == (hasAudit && status is >= 200 and < 300), where);
                    break;
            }
        }
        var unknown = events.Concat(audited.Keys).Where(id => id is not null && !workload.Requests.ContainsKey(id)).ToList();
        Assert.True(unknown.Count == 0, $"events or audit rows of requests never sent: {string.Join(", ", unknown)} ({context})");
    }

    /// <summary>The request ids on the default tenant's events, and the status of each audit row, read from the database.</summary>
    private static async Task<(HashSet<string?> Events, Dictionary<string, int> Audit)> RecordedRequestIdsAsync(string[] settings)
    {
#if POSTGRES
        var connectionString = settings.Single(s => s.StartsWith("--Provisio:Storage:ConnectionString=", StringComparison.Ordinal)).Split('=', 2)[1];
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
#else
        var folder = settings.Single(s => s.StartsWith("--Provisio:Storage:DataDirectory=", StringComparison.Ordinal)).Split('=', 2)[1];
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(folder, "provisio.db")};Pooling=False");
#endif
        await connection.OpenAsync();
        var events = new HashSet<string?>(StringComparer.Ordinal);
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT request_id FROM events WHERE tenant_id = 'default'";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                events.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
            }
        }
        var audit = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT request_id, status FROM audit_log WHERE tenant_id = 'default' AND request_id IS NOT NULL";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                Assert.True(audit.TryAdd(reader.GetString(0), reader.GetInt32(1)), $"request {reader.GetString(0)} has two audit rows");
            }
        }
        return (events, audit);
    }

    /// <summary>Exactly the attributes sent, apart from what the server adds and the title (checked on its own).</summary>
    private static void AssertSameAttributes(JsonObject sent, JsonObject stored, string what)
    {
        var sentNames = sent.Select(p => p.Key).Except(ServerAttributes).Except(["title"]).Order(StringComparer.Ordinal).ToList();
        var storedNames = stored.Select(p => p.Key).Except(ServerAttributes).Except(["title"]).Order(StringComparer.Ordinal).ToList();
        Assert.True(sentNames.SequenceEqual(storedNames), $"{what} has attributes [{string.Join(", ", storedNames)}], sent [{string.Join(", ", sentNames)}]");
        foreach (var name in sentNames)
        {
            Assert.True(JsonNode.DeepEquals(sent[name], stored[name]), $"{what} has {name} {stored[name]?.ToJsonString()}, sent {sent[name]?.ToJsonString()}");
        }
    }

    /// <summary>Every resource, page by page, and the total the server reports agrees with what the pages hold.</summary>
    private static async Task<Dictionary<string, JsonObject>> ListAllAsync(ScimClient scim, string path, string query)
    {
        var all = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        for (var startIndex = 1; ; startIndex += 200)
        {
            var page = await scim.GetAsync($"{path}?startIndex={startIndex}&count=200&{query}");
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var resources = page.Json["Resources"]?.AsArray() ?? [];
            foreach (var resource in resources.Select(r => r!.AsObject()))
            {
                Assert.True(all.TryAdd((string)resource["id"]!, resource), $"{resource["id"]} is listed twice");
            }
            if (resources.Count < 200)
            {
                break;
            }
        }
        Assert.Equal(all.Count, (int)(await scim.GetAsync($"{path}?count=0")).Json["totalResults"]!);
        return all;
    }

    private ProvisioProcess Start(IEnumerable<string> settings)
    {
        var server = ProvisioProcess.Start(settings);
        servers.Add(server);
        return server;
    }

    private async Task<ScimClient> ConnectAsync(ProvisioProcess server, string token)
    {
        var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        clients.Add(http);
        await server.WaitUntilReadyAsync(http, token);
        return new ScimClient(http, "/scim/v2/default", token, "default", tokenId: null);
    }

    private async Task<string[]> StorageSettingsAsync()
    {
        string[] common = ["--Provisio:RateLimits:Enabled=false"];
#if POSTGRES
        var cluster = await Provisio.Tests.Support.PostgresCluster.GetAsync();
        var connectionString = await cluster.CreateDatabaseAsync("crash_" + Guid.NewGuid().ToString("N")[..16]);
        return [.. common, "--Provisio:Storage:Provider=postgres", $"--Provisio:Storage:ConnectionString={connectionString}"];
#else
        await Task.CompletedTask;
        return [.. common, $"--Provisio:Storage:DataDirectory={dataDirectory}"];
#endif
    }

    public void Dispose()
    {
        foreach (var server in servers)
        {
            server.Dispose();
        }
        foreach (var http in clients)
        {
            http.Dispose();
        }
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}
