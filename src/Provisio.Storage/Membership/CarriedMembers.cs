using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Membership;

/// <summary>
/// A group's members carried by the statement that reads the group by id, as one JSON column, when it has few: a GET
/// of a small group is one round trip, not two. A group with more members than a row carries has them streamed, and so
/// does every group where statements run in process (SQLite), where the stream costs less than the column.
/// </summary>
internal sealed class CarriedMembers : ICarriedMembership
{
    /// <summary>Members a group read by id carries at most.</summary>
    public const int MostPerRow = 100;

    private static readonly ConcurrentDictionary<(string Aggregate, string Placeholder), string> Columns = new();

    private readonly string aggregate;

    private CarriedMembers(string aggregate, int perRow)
    {
        this.aggregate = aggregate;
        PerRow = perRow;
    }

    /// <summary>
    /// For a read of one group by id that shows membership (at most its <see cref="ReadOptions.MembershipLimit"/>), where a
    /// statement is a round trip; null otherwise.
    /// </summary>
    public static CarriedMembers? ForOne(ISqlDialect dialect, string resourceType, ReadOptions read) =>
        read.IncludeMembership && read.MembershipLimit > 0 && resourceType == ResourceTypeNames.Group && !dialect.RunsInProcess
        && dialect.JsonArrayOfRows("d.member_id, d.display, d.member_type", "d.member_id") is { } aggregate
            ? new CarriedMembers(aggregate, Math.Min(MostPerRow, read.MembershipLimit))
            : null;

    public int PerRow { get; }

    public string Attribute => "members";

    /// <summary>The group's members, as the stream of them orders them; null when there are more than a row carries.</summary>
    public JsonArray? Members { get; private set; }

    /// <summary>The members read; the limit was applied when the row was read (<see cref="PerRow"/>).</summary>
    public JsonArray? WholeFor(string id, long limit) => Members;

    /// <summary>Arrays of [member id, display, member type], ordered as <see cref="MembershipRows.StreamAsync"/> orders them.</summary>
    public string ColumnAfterComma(string mostPlaceholder) =>
        Columns.GetOrAdd((aggregate, mostPlaceholder), static key => $"""
            , (SELECT {key.Aggregate}
                 FROM (SELECT m.member_id, m.member_type, g.display
                         FROM (SELECT tenant_id, member_id, member_type FROM group_members WHERE tenant_id = r.tenant_id AND group_id = r.id LIMIT {key.Placeholder}) m
                         JOIN resources g ON g.tenant_id = m.tenant_id AND g.id = m.member_id) d)
            """);

    public void Read(DbDataReader reader, int ordinal, ScimResource resource)
    {
        var members = new JsonArray();
        if (!reader.IsDBNull(ordinal))
        {
            using var rows = JsonDocument.Parse(reader.GetString(ordinal));
            if (rows.RootElement.ValueKind != JsonValueKind.Array || rows.RootElement.GetArrayLength() > PerRow)
            {
                return;
            }
            foreach (var row in rows.RootElement.EnumerateArray())
            {
                // Any other shape is read the long way, by the stream.
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != 3 || row[0].ValueKind != JsonValueKind.String
                    || row[1].ValueKind is not (JsonValueKind.String or JsonValueKind.Null) || row[2].ValueKind != JsonValueKind.String)
                {
                    return;
                }
                members.Add(MembershipRows.Entry(row[0].GetString()!, row[1].GetString(), row[2].GetString()!));
            }
        }
        Members = members;
    }
}
