using System.Data.Common;
using System.Text.Json.Nodes;
using Provisio.Scim.Resources;

namespace Provisio.Storage.Membership;

/// <summary>Membership read as one more column of the statement that reads its resources.</summary>
internal interface ICarriedMembership
{
    /// <summary>Entries each row carries at most: one more is read, to tell a row that has more.</summary>
    int PerRow { get; }

    /// <summary>The column for the resource <c>r</c>, after a comma, to end a select list; <c>@most</c> is bound to <see cref="PerRow"/> + 1.</summary>
    string ColumnAfterComma(string mostPlaceholder);

    /// <summary>The attribute the membership is shown as: a user's <c>groups</c>, a group's <c>members</c>.</summary>
    string Attribute { get; }

    /// <summary>Reads the column of the row read as <paramref name="resource"/>.</summary>
    void Read(DbDataReader reader, int ordinal, ScimResource resource);

    /// <summary>The membership of the resource read with that id when it came whole and within <paramref name="limit"/>; else null.</summary>
    JsonArray? WholeFor(string id, long limit);
}
