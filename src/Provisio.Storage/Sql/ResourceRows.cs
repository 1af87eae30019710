using System.Data.Common;
using Provisio.Scim.Resources;

namespace Provisio.Storage.Sql;

/// <summary>The columns a resource is read from, in the order <see cref="Read"/> expects them, for writes and lists alike.</summary>
internal static class ResourceRows
{
    public const string Columns = "r.id, r.resource_type, r.version, r.created, r.last_modified, r.document";

    /// <summary>How many <see cref="Columns"/> are: the ordinal of a column after them.</summary>
    public const int ColumnCount = 6;

    public static ScimResource Read(DbDataReader reader, ISqlDialect dialect) => new(
        Id: reader.GetString(0),
        ResourceType: reader.GetString(1),
        Attributes: dialect.ReadDocument(reader, 5),
        Meta: new ResourceMeta(dialect.ReadTime(reader, 3), dialect.ReadTime(reader, 4), reader.GetInt64(2)));
}
