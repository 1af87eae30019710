using System.CommandLine;
using Provisio.Bench;

// dotnet run -c Release --project bench/Provisio.Bench -- queries --users 100000
// dotnet run -c Release --project bench/Provisio.Bench -- patch --members 100000
var users = new Option<int>("--users") { Description = "Users to seed in the tenant.", DefaultValueFactory = _ => 100_000 };
var data = new Option<string?>("--data-dir") { Description = "Keep the database here (reused on the next run); default: a new temp folder." };
var queries = new Command("queries", "Latency of lookups, a scan and index/cursor pages on a seeded tenant.") { users, data };
queries.SetAction((parse, cancellationToken) => QueryBenchmark.RunAsync(parse.GetValue(users), parse.GetValue(data), Console.Out, cancellationToken));
var members = new Option<int>("--members") { Description = "Members to grow the group to.", DefaultValueFactory = _ => 100_000 };
var patch = new Command("patch", "Time per 100-member PATCH while one group grows, and single-member removals.") { members, data };
patch.SetAction((parse, cancellationToken) => PatchBenchmark.RunAsync(parse.GetValue(members), parse.GetValue(data), Console.Out, cancellationToken));
var root = new RootCommand("Provisio benchmarks.") { queries, patch };
return await root.Parse(args).InvokeAsync();
