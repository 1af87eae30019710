using System.CommandLine;
using Provisio.Bench;

// dotnet run -c Release --project bench/Provisio.Bench -- queries --users 100000 [--storage postgres]
// dotnet run -c Release --project bench/Provisio.Bench -- filter-cost --users 100000 [--seconds 30]
// dotnet run -c Release --project bench/Provisio.Bench -- patch --members 100000 [--storage postgres]
// dotnet run -c Release --project bench/Provisio.Bench -- access --members 100000 [--storage postgres]
// dotnet run -c Release --project bench/Provisio.Bench -- sync --users 100000 [--storage postgres]
// dotnet run -c Release --project bench/Provisio.Bench -- handlers --deactivations 500 [--storage postgres]
var storage = new Option<string>("--storage") { Description = "sqlite (default) or postgres.", DefaultValueFactory = _ => "sqlite", Recursive = true };
var connection = new Option<string?>("--connection-string") { Description = "PostgreSQL to use; default: a throwaway cluster (Debian's postgresql).", Recursive = true };
var data = new Option<string?>("--data-dir") { Description = "SQLite: keep the database here (reused on the next run); default: a new temp folder.", Recursive = true };
BenchStorage Storage(ParseResult parse) => new(parse.GetValue(storage) is "postgres" or "postgresql", parse.GetValue(connection), parse.GetValue(data));

var users = new Option<int>("--users") { Description = "Users to seed in the tenant.", DefaultValueFactory = _ => 100_000 };
var queries = new Command("queries", "Latency of lookups, a scan and index/cursor pages on a seeded tenant.") { users };
queries.SetAction((parse, cancellationToken) => QueryBenchmark.RunAsync(parse.GetValue(users), Storage(parse), Console.Out, cancellationToken));

var seconds = new Option<int>("--seconds") { Description = "How long the concurrent part runs.", DefaultValueFactory = _ => 30 };
var filterCost = new Command("filter-cost", "Costly filters on a seeded tenant, and a second tenant's latency meanwhile.") { users, seconds };
filterCost.SetAction((parse, cancellationToken) => FilterCostBenchmark.RunAsync(parse.GetValue(users), parse.GetValue(seconds), Storage(parse), Console.Out, cancellationToken));

var members = new Option<int>("--members") { Description = "Members to grow the group to.", DefaultValueFactory = _ => 100_000 };
var patch = new Command("patch", "Time per 100-member PATCH while one group grows, and single-member removals.") { members };
patch.SetAction((parse, cancellationToken) => PatchBenchmark.RunAsync(parse.GetValue(members), Storage(parse), Console.Out, cancellationToken));

var access = new Command("access", "Time per 100-member PATCH into a group mapped to a role, against an unmapped group, as they grow.") { members };
access.SetAction((parse, cancellationToken) => AccessBenchmark.RunAsync(parse.GetValue(members), Storage(parse), Console.Out, cancellationToken));

var syncUsers = new Option<int>("--users") { Description = "Users in the largest first sync (e.g. 2000 for a smoke run).", DefaultValueFactory = _ => 100_000 };
var sync = new Command("sync", "An IdP's first sync into provisio as a child process, against an HTTP and a storage baseline, with memory.") { syncUsers };
sync.SetAction((parse, cancellationToken) => SyncBenchmark.RunAsync(parse.GetValue(syncUsers), Storage(parse), Console.Out, cancellationToken));

var deactivations = new Option<int>("--deactivations") { Description = "Users to deactivate, one after another.", DefaultValueFactory = _ => 500 };
var handlers = new Command("handlers", "Time from a deactivation's SCIM response to an in-process handler receiving user.deactivated.") { deactivations };
handlers.SetAction((parse, cancellationToken) => HandlerLatencyBenchmark.RunAsync(parse.GetValue(deactivations), Storage(parse), Console.Out, cancellationToken));

// Started by 'sync' as a child process; its other arguments (--urls, --Logging:…) are ASP.NET Core settings.
var mode = new Option<string>("--mode") { Description = "fixed (answers fixed JSON) or sqlite (one statement per request).", DefaultValueFactory = _ => "fixed" };
var baseline = new Command("baseline-server", "A bare SCIM-shaped minimal API, the baseline 'sync' measures against.") { mode };
baseline.Hidden = true;
baseline.TreatUnmatchedTokensAsErrors = false;
baseline.SetAction((parse, cancellationToken) => BaselineServer.RunAsync(parse.GetValue(mode)!, parse.GetValue(data), [.. parse.UnmatchedTokens], cancellationToken));

var root = new RootCommand("Provisio benchmarks.") { queries, filterCost, patch, access, sync, handlers, baseline };
root.Options.Add(storage);
root.Options.Add(connection);
root.Options.Add(data);
return await root.Parse(args).InvokeAsync();
