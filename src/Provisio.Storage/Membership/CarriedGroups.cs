using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Membership;

/// <summary>
/// Users' direct groups carried by the statement that reads the users, as one JSON column, so a lookup runs one
/// statement, not two: on PostgreSQL one round trip instead of two, on SQLite one statement's binding, stepping and
/// reader fewer. When a user on the page is in a nested group or in more groups than a row carries, or the page's groups
/// pass the read's limit, they are not used and <see cref="MembershipRows"/> reads the groups as it would without them.
/// One statement also reads the users and their groups from one snapshot.
/// </summary>
internal sealed class CarriedGroups : ICarriedMembership
{
    /// <summary>Direct groups one row carries at most: a page of N rows carries about limit / N each, never more than this.</summary>
    private const int MostPerRow = 100;

    /// <summary>The column of a user in no group, where the dialect's aggregate of no rows is an empty array.</summary>
    private const string NoGroups = "[]";

    private readonly string aggregate;
    private readonly long limit;
    private readonly Dictionary<string, JsonArray> lists = new(StringComparer.Ordinal);
    private long carried;
    private bool usable = true;

    private CarriedGroups(string aggregate, long limit, int rows)
    {
        this.aggregate = aggregate;
        this.limit = limit;
        // A large page carries few groups per row, so what it reads in vain stays near the read's limit.
        PerRow = (int)Math.Clamp(limit / Math.Max(rows, 1), 1, MostPerRow);
    }

    /// <summary>
    /// For a page of <paramref name="query"/> that shows membership and whose statement computes its columns for the
    /// page's rows alone; null otherwise, or when the dialect builds no JSON arrays. SQLite computes a row's columns
    /// before its sorter, so where it sorts the matches (a sortBy, several types, a filter served by another index) the
    /// column would read the groups of every match to show a page of them. Users alone in their own order come in index
    /// order, and a userName lookup matches one user at most: such pages hold Users only.
    /// </summary>
    public static CarriedGroups? For(ISqlDialect dialect, ListQuery query, IReadOnlyList<BoundFilter> filters) =>
        query.Read.IncludeMembership && query.Sort is null
        && filters is [{ Type.Name: ResourceTypeNames.User } only]
        && (only.Filter is null || FilterSqlTranslator.MatchesOneUserAtMost(only.Filter, only.Type))
        && Aggregate(dialect) is { } aggregate
            ? new CarriedGroups(aggregate, query.Read.MembershipLimit, query.Page.Count)
            : null;

    /// <summary>
    /// For a read of one user by id that shows membership, where a statement is a round trip; null otherwise, or when the
    /// dialect builds no JSON arrays. In process (SQLite) the groups' own statement, streamed, costs less than the column.
    /// </summary>
    public static CarriedGroups? ForOne(ISqlDialect dialect, string resourceType, ReadOptions read) =>
        read.IncludeMembership && resourceType == ResourceTypeNames.User && !dialect.RunsInProcess && Aggregate(dialect) is { } aggregate
            ? new CarriedGroups(aggregate, read.MembershipLimit, rows: 1)
            : null;

    private static string? Aggregate(ISqlDialect dialect) => dialect.JsonArrayOfRows("d.group_id, d.display, d.nested", "d.group_id");

    /// <summary>Direct groups each row carries at most: one more is read, to tell a row that has more.</summary>
    public int PerRow { get; }

    /// <summary>
    /// The column for the user <c>r</c>, after a comma, to end a select list: its direct groups as arrays of [id, display,
    /// 1 when nested else 0], ordered as <see cref="MembershipRows"/> orders them, up to <paramref name="mostPlaceholder"/>
    /// (bound to <see cref="PerRow"/> + 1). Made once per dialect and placeholder: every lookup sends it.
    /// </summary>
    public string ColumnAfterComma(string mostPlaceholder) =>
        Columns.GetOrAdd((aggregate, mostPlaceholder), static key => Column(key.Aggregate, key.Placeholder));

    private static readonly ConcurrentDictionary<(string Aggregate, string Placeholder), string> Columns = new();

    private static string Column(string aggregate, string mostPlaceholder) => $"""
        , (SELECT {aggregate}
             FROM (SELECT m.group_id, g.display,
                          CASE WHEN EXISTS (SELECT 1 FROM group_members up WHERE up.tenant_id = m.tenant_id AND up.member_id = m.group_id)
                               THEN 1 ELSE 0 END AS nested
                     FROM (SELECT tenant_id, group_id FROM group_members WHERE tenant_id = r.tenant_id AND member_id = r.id LIMIT {mostPlaceholder}) m
                     JOIN resources g ON g.tenant_id = m.tenant_id AND g.id = m.group_id) d)
        """;

    /// <summary>Reads the column of one user of the page, read as <paramref name="resource"/>.</summary>
    public void Read(DbDataReader reader, int ordinal, ScimResource resource)
    {
        if (!usable)
        {
            return;
        }
        var list = new JsonArray();
        // SQLite aggregates no groups into "[]", PostgreSQL into NULL: neither needs a parser.
        if (!reader.IsDBNull(ordinal) && reader.GetString(ordinal) is not NoGroups and var text)
        {
            using var groups = JsonDocument.Parse(text);
            var count = groups.RootElement.ValueKind == JsonValueKind.Array ? groups.RootElement.GetArrayLength() : int.MaxValue;
            carried += count;
            if (count > PerRow || carried > limit)
            {
                Discard();
                return;
            }
            foreach (var group in groups.RootElement.EnumerateArray())
            {
                // A group whose groups reach further up needs the climb, which reads them all. (So does a shape other
                // than [id, display, 0]: a SQLite build that returned inner arrays as text would be read the long way.)
                if (group.ValueKind != JsonValueKind.Array || group.GetArrayLength() != 3 || group[2].ValueKind != JsonValueKind.Number || group[2].GetInt32() != 0)
                {
                    Discard();
                    return;
                }
                list.Add(MembershipRows.Entry(group[0].GetString()!, group[1].GetString(), "direct"));
            }
        }
        lists[resource.Id] = list;
    }

    /// <summary>The groups of the users read, when they are all their groups and no more than <paramref name="allowance"/>.</summary>
    public Dictionary<string, JsonArray>? All(long allowance) => usable && carried <= allowance ? lists : null;

    public string Attribute => "groups";

    public JsonArray? WholeFor(string id, long limit) => All(limit)?.GetValueOrDefault(id);

    private void Discard()
    {
        usable = false;
        lists.Clear();
    }
}
