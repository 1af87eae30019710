using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>/api/tenants/{tenant}/settings</c>: every setting of a tenant (docs/tenant-settings.md), read and changed by
/// JSON merge patch. Running servers apply a change within <see cref="SqlTenantSettingsStore.Lifetime"/>.
/// </summary>
internal static class TenantSettingsEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        tenant.MapGet("/settings", GetAsync)
            .WithTags("Settings")
            .WithName("GetTenantSettings")
            .WithSummary("Read every setting of the tenant, defaults included.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        tenant.MapPatch("/settings", UpdateAsync)
            .WithTags("Settings")
            .WithName("UpdateTenantSettings")
            .WithSummary("Change settings of the tenant with a JSON merge patch; null resets a setting to its default.")
            .WithDescription("Body, e.g.: {\"paused\": true}, {\"rateLimit\": {\"permitsPerSecond\": 50, \"burst\": 500}}, {\"maxPageSize\": null}. "
                + "Answers with every setting. A value a setting does not allow is a 400 that names it; nothing changes then. "
                + "Turning externalIdUnique on while users share an externalId is a 409 that lists some of them.")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<IResult> GetAsync(string tenant, ITenantSettingsStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(TenantSettingsPatch.ToJson(await store.GetAsync(tenant, cancellationToken)));

    private static async Task<IResult> UpdateAsync(string tenant, HttpRequest request, ITenantSettingsStore store, CancellationToken cancellationToken)
    {
        // A Content-Type other than the two accepted never gets here: routing answers 415 (AdminErrorResponses).
        JsonNode? patch;
        try
        {
            patch = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            return AdminProblem.BadRequest($"The body is not valid JSON: {exception.Message}");
        }
        var settings = TenantSettingsPatch.Apply(await store.GetAsync(tenant, cancellationToken), patch);
        try
        {
            await store.SetAsync(tenant, settings, cancellationToken);
        }
        catch (DuplicateExternalIdsException duplicates)
        {
            return AdminProblem.Result(StatusCodes.Status409Conflict,
                $"externalIdUnique cannot be turned on: users of this tenant already share an externalId ({string.Join(", ", duplicates.Duplicates.Select(Quoted))}"
                + $"{(duplicates.Duplicates.Count == DuplicateExternalIdsException.Shown ? ", …" : "")}). Give them distinct externalIds (or delete the extra users) first. Nothing changed.");
        }
        return TypedResults.Ok(TenantSettingsPatch.ToJson(settings));
    }

    private static string Quoted(string externalId) => "'" + Storage.Access.AccessNames.Shown(externalId) + "'";
}
