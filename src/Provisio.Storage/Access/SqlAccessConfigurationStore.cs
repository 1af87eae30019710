using System.Data.Common;
using Provisio.Storage.Sql;

namespace Provisio.Storage.Access;

/// <summary>
/// <see cref="IAccessConfigurationStore"/> over any <see cref="ISqlDialect"/>, in <c>access_mappings</c> and
/// <c>access_roles</c>. Every change also asks, in its transaction, for the tenant's access to be computed again.
/// </summary>
public sealed class SqlAccessConfigurationStore(ISqlDialect dialect, TimeProvider time) : IAccessConfigurationStore
{
    /// <summary>The columns <see cref="ReadMappingsAsync"/> reads, in its order.</summary>
    internal const string MappingColumns = "tenant_id, id, group_ref, ref_kind, roles, workspaces, created";

    public async Task<AccessMapping> MapAsync(AccessMapping mapping, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var group = Reference(mapping.ReferenceKind, mapping.Group);
        ThrowIfInvalid(AccessNames.Problems("role", mapping.Roles).Concat(AccessNames.Problems("workspace", mapping.Workspaces)));
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        // One mapping per group: mapping it again replaces what it grants and keeps its id and creation time.
        await using var upsert = connection.CreateCommand(transaction, $"""
            INSERT INTO access_mappings ({MappingColumns})
            VALUES (@tenant, @id, @group, @kind, @roles, @workspaces, @created)
            ON CONFLICT (tenant_id, ref_kind, group_ref) DO UPDATE SET roles = excluded.roles, workspaces = excluded.workspaces
            """);
        await upsert.With("@tenant", mapping.TenantId).With("@id", mapping.Id).With("@group", group).With("@kind", KindName(mapping.ReferenceKind))
            .With("@roles", Joined(mapping.Roles)).With("@workspaces", Joined(mapping.Workspaces))
            .With("@created", dialect.ToDbTime(mapping.Created))
            .ExecuteNonQueryAsync(cancellationToken);
        await using var select = connection.CreateCommand(transaction,
            $"SELECT {MappingColumns} FROM access_mappings WHERE tenant_id = @tenant AND ref_kind = @kind AND group_ref = @group");
        select.With("@tenant", mapping.TenantId).With("@kind", KindName(mapping.ReferenceKind)).With("@group", group);
        var stored = (await ReadMappingsAsync(select, dialect, cancellationToken)).Single();
        await AccessReconciliations.RequestAsync(dialect, connection, transaction, mapping.TenantId, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    public async Task<bool> UnmapAsync(string tenantId, GroupReference kind, string group, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var remove = connection.CreateCommand(transaction,
            "DELETE FROM access_mappings WHERE tenant_id = @tenant AND ref_kind = @kind AND group_ref = @group");
        var removed = await remove.With("@tenant", tenantId).With("@kind", KindName(kind)).With("@group", Reference(kind, group))
            .ExecuteNonQueryAsync(cancellationToken) > 0;
        if (removed)
        {
            await AccessReconciliations.RequestAsync(dialect, connection, transaction, tenantId, time.GetUtcNow(), cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    public async Task<IReadOnlyList<AccessMapping>> ListMappingsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null,
            $"SELECT {MappingColumns} FROM access_mappings WHERE tenant_id = @tenant ORDER BY created, id");
        return await ReadMappingsAsync(select.With("@tenant", tenantId), dialect, cancellationToken);
    }

    public async Task SetRoleAsync(AccessRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(role);
        ThrowIfInvalid(AccessNames.Refusal("role", role.Role) is { } refusal ? [refusal] : []);
        await using var connection = await dialect.OpenWriteConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using var upsert = connection.CreateCommand(transaction, """
            INSERT INTO access_roles (tenant_id, role, rank, protected) VALUES (@tenant, @role, @rank, @protected)
            ON CONFLICT (tenant_id, role) DO UPDATE SET rank = excluded.rank, protected = excluded.protected
            """);
        await upsert.With("@tenant", role.TenantId).With("@role", role.Role).With("@rank", role.Rank)
            .With("@protected", dialect.ToDbBoolean(role.Protected))
            .ExecuteNonQueryAsync(cancellationToken);
        // A rank decides which role wins and protection decides what a write may leave: both change effective access.
        await AccessReconciliations.RequestAsync(dialect, connection, transaction, role.TenantId, time.GetUtcNow(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AccessRole>> ListRolesAsync(string tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var select = connection.CreateCommand(null,
            "SELECT tenant_id, role, rank, protected FROM access_roles WHERE tenant_id = @tenant ORDER BY role");
        await using var reader = await select.With("@tenant", tenantId).ExecuteReaderAsync(cancellationToken);
        var roles = new List<AccessRole>();
        while (await reader.ReadAsync(cancellationToken))
        {
            roles.Add(new AccessRole(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2), reader.GetBoolean(3)));
        }
        return roles;
    }

    /// <summary>How <paramref name="group"/> is stored: an id as given, a displayName case-folded.</summary>
    public static string Reference(GroupReference kind, string group)
    {
        ThrowIfInvalid(AccessNames.GroupRefusal(group) is { } refusal ? [refusal] : []);
        return kind == GroupReference.Name ? group.ToLowerInvariant() : group;
    }

    private static string KindName(GroupReference kind) => kind switch
    {
        GroupReference.Id => "id",
        GroupReference.Name => "name",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A group is named by id or by name."),
    };

    private static GroupReference ReadKind(string kind) => kind == "id" ? GroupReference.Id : GroupReference.Name;

    private static string? Joined(IReadOnlyList<string> names) => names.Count == 0 ? null : string.Join(',', AccessNames.Distinct(names));

    private static string[] Split(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetString(ordinal).Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static void ThrowIfInvalid(IEnumerable<string> problems)
    {
        var all = problems.ToList();
        if (all.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", all));
        }
    }

    /// <summary>The mappings a SELECT of <see cref="MappingColumns"/> returns (also the access engine's, inside a write).</summary>
    internal static async Task<List<AccessMapping>> ReadMappingsAsync(DbCommand select, ISqlDialect dialect, CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var mappings = new List<AccessMapping>();
        while (await reader.ReadAsync(cancellationToken))
        {
            mappings.Add(new AccessMapping
            {
                TenantId = reader.GetString(0),
                Id = reader.GetString(1),
                Group = reader.GetString(2),
                ReferenceKind = ReadKind(reader.GetString(3)),
                Roles = Split(reader, 4),
                Workspaces = Split(reader, 5),
                Created = dialect.ReadTime(reader, 6),
            });
        }
        return mappings;
    }
}
