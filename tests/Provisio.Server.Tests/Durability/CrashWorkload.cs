using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Durability;

/// <summary>What became of a write: a 2xx answer, an error answer, or no answer at all (the server may or may not have applied it).</summary>
public enum WriteOutcome
{
    InDoubt,
    Acknowledged,
    Rejected,
}

/// <summary>A user as the workload created it, and the titles it set afterwards (sequence numbers, so order shows).</summary>
public sealed class SentUser(JsonObject body)
{
    public JsonObject Body { get; } = body;

    public string UserName => (string)Body["userName"]!;

    public WriteOutcome Created { get; set; }

    public string? Id { get; set; }

    /// <summary>The title of the last acknowledged write (the create's, 0, until an update is acknowledged).</summary>
    public int AcknowledgedTitle { get; set; }

    /// <summary>The title of an update that got no answer; it is after <see cref="AcknowledgedTitle"/>, updates being sequential.</summary>
    public int? InDoubtTitle { get; set; }

    public List<int> RejectedTitles { get; } = [];
}

/// <summary>A group as the workload created it, and the members it added afterwards by PATCH.</summary>
public sealed class SentGroup(JsonObject body)
{
    public JsonObject Body { get; } = body;

    public string DisplayName => (string)Body["displayName"]!;

    public IReadOnlySet<string> InitialMembers { get; } =
        body["members"]!.AsArray().Select(m => (string)m!["value"]!).ToHashSet(StringComparer.Ordinal);

    public WriteOutcome Created { get; set; }

    public string? Id { get; set; }

    public HashSet<string> AcknowledgedAdds { get; } = new(StringComparer.Ordinal);

    public HashSet<string> InDoubtAdds { get; } = new(StringComparer.Ordinal);

    public HashSet<string> RejectedAdds { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A stream of SCIM writes from several workers: user creates, PUT and PATCH of a user's title, group creates and PATCH
/// member adds. Each worker owns the resources it creates and writes them one request at a time, so for each resource
/// the order of writes is known, and each write is recorded as acknowledged, rejected or in doubt. A worker stops at its
/// first write without an answer (the server is gone).
/// </summary>
public sealed class CrashWorkload(int seed, int workers)
{
    private const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private readonly List<Worker> all = [.. Enumerable.Range(0, workers).Select(i => new Worker(i, new Random(seed + i)))];
    private int acknowledged;
    private int inFlight;

    public int Acknowledged => Volatile.Read(ref acknowledged);

    public int InFlight => Volatile.Read(ref inFlight);

    /// <summary>Each request's <c>X-Request-Id</c> and what became of it: its events and audit row must agree.</summary>
    public ConcurrentDictionary<string, WriteOutcome> Requests { get; } = new(StringComparer.Ordinal);

    /// <summary>Everything sent, once <see cref="RunAsync"/> has finished.</summary>
    public IEnumerable<SentUser> Users => all.SelectMany(w => w.Users);

    public IEnumerable<SentGroup> Groups => all.SelectMany(w => w.Groups);

    /// <summary>The distinct error statuses the server answered with, for the failure message.</summary>
    public IEnumerable<string> Rejections => all.SelectMany(w => w.Rejections).Distinct();

    /// <summary>Writes until <paramref name="stop"/> is cancelled or every worker has lost the server.</summary>
    public Task RunAsync(ScimClient scim, CancellationToken stop) =>
        Task.WhenAll(all.Select(w => Task.Run(() => RunWorkerAsync(w, scim, stop), CancellationToken.None)));

    private async Task RunWorkerAsync(Worker worker, ScimClient scim, CancellationToken stop)
    {
        var answered = true;
        while (answered && !stop.IsCancellationRequested)
        {
            var users = worker.Users.Where(u => u.Created == WriteOutcome.Acknowledged).ToList();
            var groups = worker.Groups.Where(g => g.Created == WriteOutcome.Acknowledged).ToList();
            var roll = worker.Random.NextDouble();
            answered = roll switch
            {
                _ when users.Count == 0 || roll < 0.35 => await CreateUserAsync(worker, scim),
                < 0.55 => await UpdateTitleAsync(worker, scim, Pick(worker, users), replace: false),
                < 0.70 => await UpdateTitleAsync(worker, scim, Pick(worker, users), replace: true),
                _ when roll < 0.78 || groups.Count == 0 => await CreateGroupAsync(worker, scim, users),
                _ => await AddMemberAsync(worker, scim, Pick(worker, groups), users),
            };
        }
    }

    private async Task<bool> CreateUserAsync(Worker worker, ScimClient scim)
    {
        var userName = $"crash-{worker.Index}-{worker.Users.Count}@example.com";
        var body = ScimClient.NewUser(userName);
        body["externalId"] = $"ext-{worker.Index}-{worker.Users.Count}";
        body["displayName"] = $"Crash {worker.Index}.{worker.Users.Count}";
        body["title"] = "0";
        var user = new SentUser(body);
        worker.Users.Add(user);
        var (outcome, response) = await SendAsync(worker, scim, HttpMethod.Post, "/Users", body);
        user.Created = outcome;
        user.Id = outcome == WriteOutcome.Acknowledged ? (string)response!.Json["id"]! : null;
        return outcome != WriteOutcome.InDoubt;
    }

    private async Task<bool> UpdateTitleAsync(Worker worker, ScimClient scim, SentUser user, bool replace)
    {
        var title = ++worker.LastTitle;
        JsonObject body;
        if (replace)
        {
            body = user.Body.DeepClone().AsObject();
            body["title"] = title.ToString();
        }
        else
        {
            body = Patch(new JsonObject { ["op"] = "replace", ["path"] = "title", ["value"] = title.ToString() });
        }
        var (outcome, _) = await SendAsync(worker, scim, replace ? HttpMethod.Put : HttpMethod.Patch, $"/Users/{user.Id}", body);
        switch (outcome)
        {
            case WriteOutcome.Acknowledged:
                user.AcknowledgedTitle = title;
                break;
            case WriteOutcome.Rejected:
                user.RejectedTitles.Add(title);
                break;
            default:
                user.InDoubtTitle = title;
                break;
        }
        return outcome != WriteOutcome.InDoubt;
    }

    private async Task<bool> CreateGroupAsync(Worker worker, ScimClient scim, List<SentUser> users)
    {
        var members = users.OrderBy(_ => worker.Random.Next()).Take(worker.Random.Next(3)).Select(u => u.Id!).ToArray();
        var group = new SentGroup(ScimClient.NewGroup($"crash-group-{worker.Index}-{worker.Groups.Count}", members));
        worker.Groups.Add(group);
        var (outcome, response) = await SendAsync(worker, scim, HttpMethod.Post, "/Groups", group.Body);
        group.Created = outcome;
        group.Id = outcome == WriteOutcome.Acknowledged ? (string)response!.Json["id"]! : null;
        return outcome != WriteOutcome.InDoubt;
    }

    private async Task<bool> AddMemberAsync(Worker worker, ScimClient scim, SentGroup group, List<SentUser> users)
    {
        var candidates = users.Where(u => !group.InitialMembers.Contains(u.Id!) && !group.AcknowledgedAdds.Contains(u.Id!)
            && !group.RejectedAdds.Contains(u.Id!)).ToList();
        if (candidates.Count == 0)
        {
            return await CreateUserAsync(worker, scim);
        }
        var member = Pick(worker, candidates).Id!;
        var body = Patch(new JsonObject { ["op"] = "add", ["path"] = "members", ["value"] = new JsonArray(new JsonObject { ["value"] = member }) });
        var (outcome, _) = await SendAsync(worker, scim, HttpMethod.Patch, $"/Groups/{group.Id}", body);
        (outcome switch
        {
            WriteOutcome.Acknowledged => group.AcknowledgedAdds,
            WriteOutcome.Rejected => group.RejectedAdds,
            _ => group.InDoubtAdds,
        }).Add(member);
        return outcome != WriteOutcome.InDoubt;
    }

    private async Task<(WriteOutcome Outcome, ScimResponse? Response)> SendAsync(Worker worker, ScimClient scim, HttpMethod method, string path, JsonObject body)
    {
        Interlocked.Increment(ref inFlight);
        var requestId = $"crash-{worker.Index}-{++worker.Requests}";
        Requests[requestId] = WriteOutcome.InDoubt;
        try
        {
            var response = await scim.SendWithHeaderAsync(method, path, body.ToJsonString(), "X-Request-Id", requestId);
            if ((int)response.Status is >= 200 and < 300)
            {
                Interlocked.Increment(ref acknowledged);
                Requests[requestId] = WriteOutcome.Acknowledged;
                return (WriteOutcome.Acknowledged, response);
            }
            worker.Rejections.Add($"{method} {(int)response.Status}: {response.Body}");
            Requests[requestId] = WriteOutcome.Rejected;
            return (WriteOutcome.Rejected, response);
        }
        catch (HttpRequestException)
        {
            return (WriteOutcome.InDoubt, null);
        }
        catch (TaskCanceledException)
        {
            // The client's timeout: the server may still apply the write.
            return (WriteOutcome.InDoubt, null);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private static JsonObject Patch(JsonObject operation) => new()
    {
        ["schemas"] = new JsonArray(PatchOpSchema),
        ["Operations"] = new JsonArray(operation),
    };

    private static T Pick<T>(Worker worker, List<T> items) => items[worker.Random.Next(items.Count)];

    private sealed class Worker(int index, Random random)
    {
        public int Index { get; } = index;

        public Random Random { get; } = random;

        public List<SentUser> Users { get; } = [];

        public List<SentGroup> Groups { get; } = [];

        public List<string> Rejections { get; } = [];

        public int LastTitle { get; set; }

        public int Requests { get; set; }
    }
}
