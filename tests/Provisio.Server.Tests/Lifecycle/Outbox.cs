using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Audit;
using Provisio.Storage.Events;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Lifecycle;

/// <summary>What a tenant's writes left behind: its events and audit rows, read from the server's stores.</summary>
internal static class Outbox
{
    public static async Task<List<ChangeEvent>> EventsAsync(this ProvisioFactory factory, string tenantId)
    {
        var page = await factory.Services.GetRequiredService<IEventStore>().ReadAsync(tenantId, 0, 10_000, null, CancellationToken.None);
        return [.. page.Events];
    }

    /// <summary>The types of the tenant's events after <paramref name="skip"/> of them, in sequence order.</summary>
    public static async Task<List<string>> TypesAsync(this ProvisioFactory factory, string tenantId, int skip = 0) =>
        [.. (await factory.EventsAsync(tenantId)).Skip(skip).Select(e => e.Type)];

    /// <summary>The tenant's audit rows, oldest first.</summary>
    public static async Task<List<AuditEntry>> AuditAsync(this ProvisioFactory factory, string tenantId)
    {
        var (entries, _) = await factory.Services.GetRequiredService<IAuditLog>().QueryAsync(tenantId, new AuditQuery { Limit = 10_000 }, CancellationToken.None);
        return [.. entries.Reverse()];
    }

    public static JsonObject Data(this ChangeEvent change) => JsonNode.Parse(change.DataJson)!.AsObject();

    public static Task SetSettingsAsync(this ProvisioFactory factory, string tenantId, TenantSettings settings) =>
        factory.Services.GetRequiredService<ITenantSettingsStore>().SetAsync(tenantId, settings, CancellationToken.None);

    /// <summary>How many soft-deleted resources of the tenant wait to be purged.</summary>
    public static async Task<long> TombstonesAsync(this ProvisioFactory factory, string tenantId)
    {
        var dialect = factory.Services.GetRequiredService<Storage.Sql.ISqlDialect>();
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM deleted_resources WHERE tenant_id = @tenant";
        var parameter = count.CreateParameter();
        parameter.ParameterName = "@tenant";
        parameter.Value = tenantId;
        count.Parameters.Add(parameter);
        return Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static ScimClient WithRequestId(this ScimClient scim, string header, string value)
    {
        scim.Http.DefaultRequestHeaders.Remove(header);
        scim.Http.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        return scim;
    }
}
