using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Provisio.Server.Tests.Support;
using Xunit.Abstractions;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Issue #6, "bad input never hurts": thousands of random and mutated requests (IdP payloads, filters, list parameters,
/// PATCH bodies, damaged bytes, conditional headers, other callers) through the real HTTP API. Every response must keep
/// to the protocol (<see cref="ResponseChecker"/>), and afterwards the database must still add up, seen through the API
/// and in its tables (<see cref="DatabaseConsistency"/>). Seed and bounds: <see cref="FuzzBudget"/>.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Random_and_mutated_requests_never_break_the_protocol_or_the_database()
    {
        var budget = FuzzBudget.FromEnvironment();
        output.WriteLine(budget.ToString());
        using var factory = new FuzzServer();
        var scim = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        var known = new KnownResources();
        var foreignUser = (string)(await other.CreateUserAsync("foreign@example.com"))["id"]!;
        known.ForeignIds.AddRange([foreignUser, (string)(await other.CreateGroupAsync("foreign", foreignUser))["id"]!]);
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.Timeout = RequestTimeout;
        var tokens = new Dictionary<FuzzCaller, string?>
        {
            [FuzzCaller.Tenant] = scim.Token,
            [FuzzCaller.OtherTenant] = other.Token,
            [FuzzCaller.GarbageToken] = "garbage-" + scim.Token,
            [FuzzCaller.Anonymous] = null,
        };
        var generator = new RequestGenerator(new Random(budget.Seed), known, IdpFixtures.Load());
        var failures = new List<FuzzFailure>();
        var statuses = new SortedDictionary<int, int>();

        var clock = Stopwatch.StartNew();
        var sent = 0;
        while (sent < budget.MaxRequests && clock.Elapsed < budget.MaxDuration)
        {
            var request = generator.Next();
            var (status, problems, body) = await SendAsync(http, scim.BasePath, tokens[request.Caller], request);
            sent++;
            statuses[status ?? 0] = statuses.GetValueOrDefault(status ?? 0) + 1;
            var logged = factory.Errors.Drain();
            if (problems.Count > 0 || logged.Count > 0)
            {
                problems.AddRange(logged.Select(entry => "server logged: " + entry));
                failures.Add(new FuzzFailure(sent, request, status, body.Text, problems));
            }
            else if (status is { } code)
            {
                known.Observe(request, (HttpStatusCode)code, body.Json);
            }
        }
        clock.Stop();
        output.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:0.0} s; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");
        output.WriteLine($"{known.Users.Count} users and {known.Groups.Count} groups known at the end");

        var inconsistencies = await ApiInconsistenciesAsync(http, scim, factory);
        inconsistencies.AddRange(await new DatabaseConsistency(factory).ProblemsAsync());
        foreach (var line in inconsistencies)
        {
            output.WriteLine("inconsistent: " + line);
        }
        if (failures.Count > 0)
        {
            output.WriteLine(FuzzFailure.Report(failures, budget));
        }
        Assert.True(failures.Count == 0 && inconsistencies.Count == 0,
            $"{(inconsistencies.Count > 0 ? "Inconsistent after fuzzing:\n" + string.Join('\n', inconsistencies) + "\n\n" : "")}{FuzzFailure.Report(failures, budget)}");
    }

    /// <summary>Sends one request and checks its response; a request that fails outright is a problem too.</summary>
    private static async Task<(int? Status, List<string> Problems, (string Text, JsonNode? Json) Body)> SendAsync(
        HttpClient http, string basePath, string? token, FuzzRequest request)
    {
        using var message = request.ToMessage(basePath, token);
        try
        {
            using var response = await http.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            var (problems, json) = ResponseChecker.Check(request, response.StatusCode, text, response.Content.Headers.ContentType?.MediaType);
            return ((int)response.StatusCode, problems, (text, json));
        }
        catch (TaskCanceledException)
        {
            return (null, [$"no response within {RequestTimeout.TotalSeconds:0} s"], ("", null));
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or IOException)
        {
            // The test server hands an exception thrown after the response started to the client.
            return (null, [$"request failed: {exception.GetType().Name}: {exception.Message}"], (exception.ToString(), null));
        }
    }

    /// <summary>
    /// The API's view against the tables: totalResults of an unfiltered list, the ids a full walk of the list yields,
    /// and every stored resource readable by id in a valid shape.
    /// </summary>
    private static async Task<List<string>> ApiInconsistenciesAsync(HttpClient http, ScimClient scim, ProvisioFactory factory)
    {
        var problems = new List<string>();
        var database = new DatabaseConsistency(factory);
        var client = new ScimClient(http, scim.BasePath, scim.Token, scim.TenantId, scim.TokenId);
        foreach (var (endpoint, type) in new[] { ("/Users", "User"), ("/Groups", "Group") })
        {
            var stored = await database.IdsAsync(scim.TenantId!, type);
            var total = await client.GetAsync($"{endpoint}?count=0");
            if (total.Status != HttpStatusCode.OK || (int?)total.Json["totalResults"] != stored.Count)
            {
                problems.Add($"GET {endpoint}?count=0: {(int)total.Status}, totalResults {FuzzRequest.Cut(total.Body, 300)}, but {stored.Count} {type} rows");
            }

            var listed = new List<string>();
            for (var start = 1; ; start += 200)
            {
                var page = await client.GetAsync($"{endpoint}?startIndex={start}&count=200");
                if (page.Status != HttpStatusCode.OK)
                {
                    problems.Add($"GET {endpoint}?startIndex={start}&count=200: {(int)page.Status} {FuzzRequest.Cut(page.Body, 300)}");
                    break;
                }
                var ids = page.Ids;
                listed.AddRange(ids);
                if (ids.Count < 200)
                {
                    break;
                }
            }
            var differ = listed.ToHashSet(StringComparer.Ordinal);
            differ.SymmetricExceptWith(stored);
            if (differ.Count > 0 || listed.Count != stored.Count)
            {
                problems.Add($"GET {endpoint} pages list {listed.Count} ids, the table has {stored.Count}; differ: {string.Join(", ", differ.Take(10))}");
            }

            foreach (var id in stored)
            {
                var read = await client.GetAsync($"{endpoint}/{Uri.EscapeDataString(id)}");
                var request = new FuzzRequest(HttpMethod.Get, $"{endpoint}/{id}");
                var (shape, _) = ResponseChecker.Check(request, read.Status, read.Body, read.ContentType);
                if (read.Status != HttpStatusCode.OK || shape.Count > 0)
                {
                    problems.Add($"GET {endpoint}/{id}: {(int)read.Status} {string.Join("; ", shape)} {FuzzRequest.Cut(read.Body, 300)}");
                }
            }
        }
        return problems;
    }
}

