using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage.Paging;
using Provisio.Storage.Tests.Support;

namespace Provisio.Storage.Tests.Sql;

/// <summary>
/// The SQL translator must select exactly what the in-memory evaluator selects. Thousands of generated filters run
/// both ways over a seeded directory in real SQLite; any difference names the filter.
/// </summary>
public sealed class SqliteFilterSqlAgreementTests(SqliteStore store) : IClassFixture<SqliteStore>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public Task Sql_and_the_evaluator_select_the_same_resources_for_generated_filters(int seed) =>
        FilterSqlAgreement.CheckAsync(store, seed);
}

/// <summary>The same agreement on PostgreSQL: one AST, two dialects, no drift.</summary>
public sealed class PostgresFilterSqlAgreementTests(PostgresStore store) : IClassFixture<PostgresStore>
{
    [Provisio.Tests.Support.PostgresTheory]
    [InlineData(1)]
    [InlineData(2)]
    public Task Sql_and_the_evaluator_select_the_same_resources_for_generated_filters(int seed) =>
        FilterSqlAgreement.CheckAsync(store, seed);
}

internal static class FilterSqlAgreement
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    public static async Task CheckAsync(IStoreFixture store, int seed)
    {
        var tenant = $"agree{seed}";
        var resources = await SeededDirectory.SeedAsync(store.Resources, tenant, users: 120, groups: 15, seed);
        var generator = new FilterGenerator(new Random(seed * 7919), resources);
        var checkedFilters = 0;
        var matchedSomething = 0;
        for (var i = 0; i < 1000; i++)
        {
            var group = i % 5 == 0;
            var type = group ? Registry.Group : Registry.User;
            var text = generator.Next(group);
            FilterNode bound;
            try
            {
                bound = FilterBinder.Bind(FilterParser.Parse(text), type);
            }
            catch (ScimException exception) when (exception.ScimType == ScimErrorType.InvalidFilter)
            {
                continue;
            }
            var expected = resources.Where(r => r.ResourceType == type.Name && FilterEvaluator.Matches(bound, r, type))
                .Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
            var page = await store.Resources.ListAsync(tenant,
                new ListQuery([type], FilterParser.Parse(text), null, new IndexPage(1, 10_000), ReadOptions.DocumentOnly), CancellationToken.None);
            var actual = page.Resources.Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
            Assert.True(expected.SequenceEqual(actual),
                $"Filter {text}: the evaluator selects {expected.Count}, SQL {actual.Count}; differ on {string.Join(", ", expected.Except(actual).Concat(actual.Except(expected)).Take(3))}");
            Assert.Equal(expected.Count, page.TotalResults);
            checkedFilters++;
            matchedSomething += expected.Count > 0 && expected.Count < resources.Count(r => r.ResourceType == type.Name) ? 1 : 0;
        }
        // The generator must exercise the translator, not just produce errors or trivial filters.
        Assert.True(checkedFilters > 800, $"only {checkedFilters} generated filters were valid");
        Assert.True(matchedSomething > 200, $"only {matchedSomething} filters selected a proper subset");
    }
}
