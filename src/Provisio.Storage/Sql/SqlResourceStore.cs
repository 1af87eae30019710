using System.Data.Common;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Resources;
using Provisio.Storage.Membership;

namespace Provisio.Storage.Sql;

/// <summary>
/// <see cref="IResourceStore"/> over any <see cref="ISqlDialect"/>: one row per resource with promoted, indexed keys
/// and the document as JSON; group members as rows of their own.
/// </summary>
public sealed class SqlResourceStore(ISqlDialect dialect, TimeProvider time) : IResourceStore
{
    private const string Columns = "r.id, r.resource_type, r.version, r.created, r.last_modified, r.document";

    public async Task<ScimResource> CreateAsync(string tenantId, ResourceChange resource, CancellationToken cancellationToken)
    {
        var (document, members) = MembershipRows.Split(resource);
        var now = time.GetUtcNow();
        var created = new ScimResource(Guid.NewGuid().ToString(), resource.ResourceType, document, new ResourceMeta(now, now, 1));
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var membership = new MembershipRows(connection, transaction, tenantId);
        var resolved = members is null ? null : await membership.ResolveAsync(created.Id, members, cancellationToken);
        await using (var insert = connection.CreateCommand(transaction, """
            INSERT INTO resources (tenant_id, resource_type, id, user_name, display_name, display, external_id, active,
                                   version, created, last_modified, document)
            VALUES (@tenant, @type, @id, @userName, @displayName, @display, @externalId, @active,
                    1, @created, @created, @document)
            """))
        {
            await AddKeys(insert, tenantId, created)
                .With("@type", created.ResourceType)
                .With("@created", dialect.ToDbTime(now))
                .ExecuteWithUniquenessAsync(dialect, cancellationToken);
        }
        await WriteValuesAsync(connection, transaction, tenantId, created, replace: false, cancellationToken);
        if (resolved is not null)
        {
            await membership.ReplaceAsync(created.Id, resolved, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<ScimResource?> GetAsync(string tenantId, string resourceType, string id, ReadOptions options, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        var resource = await ReadOneAsync(connection, null, tenantId, resourceType, id, lockRow: false, cancellationToken);
        if (resource is null || !options.IncludeMembership)
        {
            return resource;
        }
        var membership = new MembershipRows(connection, null, tenantId);
        await membership.AttachAsync([resource], cancellationToken);
        return resource;
    }

    public async Task<ScimResource> UpdateAsync(string tenantId, string resourceType, string id, Func<ScimResource, ResourceChange> change, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        var current = await ReadOneAsync(connection, transaction, tenantId, resourceType, id, lockRow: true, cancellationToken)
            ?? throw NotFound(resourceType, id);
        var (document, members) = MembershipRows.Split(change(current));
        var membership = new MembershipRows(connection, transaction, tenantId);
        var resolved = members is null ? null : await membership.ResolveAsync(id, members, cancellationToken);
        var membersChanged = resolved is not null && await membership.ReplaceAsync(id, resolved, cancellationToken);
        if (!membersChanged && JsonNode.DeepEquals(current.Attributes, document))
        {
            // Nothing changed: no write, and the version (ETag) stays.
            return current;
        }
        var updated = current with
        {
            Attributes = document,
            Meta = current.Meta with { LastModified = time.GetUtcNow(), Version = current.Meta.Version + 1 },
        };
        await using (var update = connection.CreateCommand(transaction, """
            UPDATE resources
               SET user_name = @userName, display_name = @displayName, display = @display, external_id = @externalId,
                   active = @active, version = @version, last_modified = @lastModified, document = @document
             WHERE tenant_id = @tenant AND id = @id
            """))
        {
            await AddKeys(update, tenantId, updated)
                .With("@version", updated.Meta.Version)
                .With("@lastModified", dialect.ToDbTime(updated.Meta.LastModified))
                .ExecuteWithUniquenessAsync(dialect, cancellationToken);
        }
        await WriteValuesAsync(connection, transaction, tenantId, updated, replace: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    public async Task<bool> DeleteAsync(string tenantId, string resourceType, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        await using var transaction = await dialect.BeginWriteTransactionAsync(connection, cancellationToken);
        await using (var exists = connection.CreateCommand(transaction,
            "SELECT COUNT(*) FROM resources WHERE tenant_id = @tenant AND resource_type = @type AND id = @id"))
        {
            var count = await exists.With("@tenant", tenantId).With("@type", resourceType).With("@id", id).ExecuteScalarAsync(cancellationToken);
            if (Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return false;
            }
        }
        await new MembershipRows(connection, transaction, tenantId)
            .RemoveEverywhereAsync(id, dialect.ToDbTime(time.GetUtcNow()), cancellationToken);
        foreach (var sql in new[]
        {
            "DELETE FROM resource_values WHERE tenant_id = @tenant AND resource_id = @id",
            "DELETE FROM resources WHERE tenant_id = @tenant AND id = @id",
        })
        {
            await using var delete = connection.CreateCommand(transaction, sql);
            await delete.With("@tenant", tenantId).With("@id", id).ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<ResourcePage> ListAsync(string tenantId, string resourceType, ListQuery query, CancellationToken cancellationToken)
    {
        var filter = query.Filter is null ? null : FilterSqlTranslator.Translate(query.Filter, resourceType);
        var where = "r.tenant_id = @tenant AND r.resource_type = @type" + (filter is null ? "" : $" AND ({filter.Sql})");
        await using var connection = await dialect.OpenConnectionAsync(cancellationToken);
        long total;
        await using (var count = connection.CreateCommand(null, $"SELECT COUNT(*) FROM resources r WHERE {where}"))
        {
            count.With("@tenant", tenantId).With("@type", resourceType).With(filter?.Parameters ?? []);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }
        var resources = new List<ScimResource>();
        if (query.Page.Count > 0 && total >= query.Page.StartIndex)
        {
            // A stable order (creation time, then id) so pages never skip or repeat.
            await using var select = connection.CreateCommand(null,
                $"SELECT {Columns} FROM resources r WHERE {where} ORDER BY r.created, r.id LIMIT @limit OFFSET @offset");
            select.With("@tenant", tenantId).With("@type", resourceType).With(filter?.Parameters ?? [])
                .With("@limit", query.Page.Count).With("@offset", query.Page.StartIndex - 1);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                resources.Add(ReadResource(reader));
            }
        }
        if (query.Read.IncludeMembership && resources.Count > 0)
        {
            await new MembershipRows(connection, null, tenantId).AttachAsync(resources, cancellationToken);
        }
        return new ResourcePage(resources, total);
    }

    internal static ScimException NotFound(string resourceType, string id) =>
        ScimException.NotFound($"{resourceType} '{id}' not found.");

    private async Task<ScimResource?> ReadOneAsync(DbConnection connection, DbTransaction? transaction, string tenantId, string resourceType, string id, bool lockRow, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {Columns} FROM resources r WHERE r.tenant_id = @tenant AND r.resource_type = @type AND r.id = @id"
            + (lockRow ? dialect.LockForUpdate : "");
        await using var select = connection.CreateCommand(transaction, sql);
        select.With("@tenant", tenantId).With("@type", resourceType).With("@id", id);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadResource(reader) : null;
    }

    private ScimResource ReadResource(DbDataReader reader) => new(
        Id: reader.GetString(0),
        ResourceType: reader.GetString(1),
        Attributes: JsonNode.Parse(reader.GetString(5)) as JsonObject ?? [],
        Meta: new ResourceMeta(dialect.ReadTime(reader, 3), dialect.ReadTime(reader, 4), reader.GetInt64(2)));

    private DbCommand AddKeys(DbCommand command, string tenantId, ScimResource resource)
    {
        var keys = ResourceKeys.From(resource.ResourceType, resource.Attributes);
        return command
            .With("@tenant", tenantId)
            .With("@id", resource.Id)
            .With("@userName", keys.UserName)
            .With("@displayName", keys.DisplayName)
            .With("@display", keys.Display)
            .With("@externalId", keys.ExternalId)
            .With("@active", keys.Active is { } active ? dialect.ToDbBoolean(active) : null)
            .With("@document", resource.Attributes.ToJsonString());
    }

    private static async Task WriteValuesAsync(DbConnection connection, DbTransaction transaction, string tenantId, ScimResource resource, bool replace, CancellationToken cancellationToken)
    {
        if (replace)
        {
            await using var delete = connection.CreateCommand(transaction, "DELETE FROM resource_values WHERE tenant_id = @tenant AND resource_id = @id");
            await delete.With("@tenant", tenantId).With("@id", resource.Id).ExecuteNonQueryAsync(cancellationToken);
        }
        foreach (var (attribute, qualifier, value) in ResourceKeys.From(resource.ResourceType, resource.Attributes).Values)
        {
            await using var insert = connection.CreateCommand(transaction, """
                INSERT INTO resource_values (tenant_id, resource_id, attribute, qualifier, value)
                VALUES (@tenant, @id, @attribute, @qualifier, @value)
                """);
            await insert.With("@tenant", tenantId).With("@id", resource.Id).With("@attribute", attribute)
                .With("@qualifier", qualifier).With("@value", value).ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
