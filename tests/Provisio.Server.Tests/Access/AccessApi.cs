using System.Data.Common;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Sql;

namespace Provisio.Server.Tests.Access;

/// <summary>Calls of the access routes of the admin API that the tests repeat, and a look at <c>access_reconciliations</c>.</summary>
internal static class AccessApi
{
    public static string Mappings(string tenant, string? id = null) => $"/api/tenants/{tenant}/access/mappings" + (id is null ? "" : "/" + id);

    public static string Roles(string tenant, string? role = null) => $"/api/tenants/{tenant}/access/roles" + (role is null ? "" : "/" + Uri.EscapeDataString(role));

    public static string Settings(string tenant) => $"/api/tenants/{tenant}/access/settings";

    public static Task<AdminResponse> PutAsync(this AdminClient admin, string path, string json) => admin.SendAsync(HttpMethod.Put, path, json);

    /// <summary>Maps a group and returns the answer's body, asserting <paramref name="expected"/>.</summary>
    public static async Task<JsonObject> MapAsync(this AdminClient admin, string tenant, string json, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await admin.PostAsync(Mappings(tenant), json);
        Assert.True(response.Status == expected, $"{response.Status}: {response.Body}");
        return response.Json;
    }

    public static async Task<List<JsonObject>> ListMappingsAsync(this AdminClient admin, string tenant)
    {
        var response = await admin.GetAsync(Mappings(tenant));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Json["items"]!.AsArray().Select(i => i!.AsObject())];
    }

    /// <summary>Whether the tenant has a pending recomputation of its access.</summary>
    public static async Task<bool> ReconciliationRequestedAsync(ProvisioFactory factory, string tenant) =>
        Convert.ToInt64(await ExecuteAsync(factory, "SELECT COUNT(*) FROM access_reconciliations WHERE tenant_id = @tenant", tenant),
            System.Globalization.CultureInfo.InvariantCulture) == 1;

    /// <summary>Forgets the tenant's pending recomputation, so a test can see whether the next write asks for one.</summary>
    public static Task ForgetReconciliationAsync(ProvisioFactory factory, string tenant) =>
        ExecuteAsync(factory, "DELETE FROM access_reconciliations WHERE tenant_id = @tenant", tenant);

    private static async Task<object?> ExecuteAsync(ProvisioFactory factory, string sql, string tenant)
    {
        var dialect = factory.Services.GetRequiredService<ISqlDialect>();
        await using var connection = await dialect.OpenConnectionAsync(CancellationToken.None);
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@tenant";
        parameter.Value = tenant;
        command.Parameters.Add(parameter);
        return await command.ExecuteScalarAsync();
    }
}
