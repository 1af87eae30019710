using System.Text.Json.Nodes;
using Provisio.Server.Webhooks;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Admin;

/// <summary>
/// <c>/api/tenants/{tenant}/webhooks</c>: a tenant's signed webhook endpoints. The signing secret is shown once, in
/// the answer that creates or rotates it; an endpoint's JSON never holds it. Deliveries: <see cref="WebhookDeliveryEndpoints"/>.
/// </summary>
internal static class WebhookEndpoints
{
    public static void Map(RouteGroupBuilder tenant)
    {
        var webhooks = tenant.MapGroup("/webhooks").WithTags("Webhooks");
        webhooks.MapPost("", AddAsync)
            .WithName("AddWebhook")
            .WithSummary("Add an endpoint that receives the tenant's events, signed; the answer shows its secret once.")
            .WithDescription("Body: {\"url\": \"https://…\", \"events\": [\"user.deactivated\", …] (default: every type), \"description\": \"…\"}. "
                + "The endpoint receives the events written from now on.")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("", ListAsync)
            .WithName("ListWebhooks")
            .WithSummary("List the tenant's endpoints (never their secrets).")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id}", GetAsync)
            .WithName("GetWebhook")
            .WithSummary("Read one endpoint (never its secret).")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPatch("/{id}", UpdateAsync)
            .WithName("UpdateWebhook")
            .WithSummary("Change an endpoint: enabled, url, events, description, as a JSON merge patch.")
            .WithDescription("A disabled endpoint keeps its place: the events written meanwhile are sent once it is enabled again.")
            .Accepts<JsonObject>("application/merge-patch+json", "application/json")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{id}", RemoveAsync)
            .WithName("RemoveWebhook")
            .WithSummary("Remove an endpoint with its queued and dead deliveries and its delivery log.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id}/rotate-secret", RotateSecretAsync)
            .WithName("RotateWebhookSecret")
            .WithSummary("Give an endpoint a new signing secret, shown once; the old one keeps signing until previousSecretExpiresAt.")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        WebhookDeliveryEndpoints.Map(webhooks);
    }

    /// <summary>The 404 of an endpoint the tenant does not have (another tenant's included).</summary>
    public static IResult NotFound(string tenant, string id) => AdminProblem.NotFound($"Tenant '{tenant}' has no webhook endpoint '{id}'.");

    private static async Task<IResult> AddAsync(string tenant, HttpRequest request, WebhookRegistry registry, CancellationToken cancellationToken)
    {
        var changes = await WebhookRequestBody.ReadAsync(request, cancellationToken);
        var (endpoint, secret) = await registry.AddAsync(tenant, changes, cancellationToken);
        var body = WebhookJson.Endpoint(endpoint);
        body["secret"] = secret;
        return TypedResults.Created($"{AdminApi.Prefix}/tenants/{tenant}/webhooks/{endpoint.Id}", body);
    }

    private static async Task<IResult> ListAsync(string tenant, IWebhookStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(WebhookJson.Items((await store.ListAsync(tenant, cancellationToken)).Select(WebhookJson.Endpoint)));

    private static async Task<IResult> GetAsync(string tenant, string id, IWebhookStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(tenant, id, cancellationToken) is { } endpoint
            ? TypedResults.Ok(WebhookJson.Endpoint(endpoint))
            : NotFound(tenant, id);

    private static async Task<IResult> UpdateAsync(string tenant, string id, HttpRequest request, WebhookRegistry registry, CancellationToken cancellationToken)
    {
        var changes = await WebhookRequestBody.ReadAsync(request, cancellationToken);
        return await registry.UpdateAsync(tenant, id, changes, cancellationToken) is { } endpoint
            ? TypedResults.Ok(WebhookJson.Endpoint(endpoint))
            : NotFound(tenant, id);
    }

    private static async Task<IResult> RemoveAsync(string tenant, string id, IWebhookStore store, CancellationToken cancellationToken) =>
        await store.RemoveAsync(tenant, id, cancellationToken) ? TypedResults.NoContent() : NotFound(tenant, id);

    private static async Task<IResult> RotateSecretAsync(string tenant, string id, WebhookRegistry registry, CancellationToken cancellationToken) =>
        await registry.RotateSecretAsync(tenant, id, cancellationToken) is var (endpoint, secret)
            ? TypedResults.Ok(new JsonObject
            {
                ["secret"] = secret,
                ["previousSecretExpiresAt"] = WebhookJson.Time(endpoint.PreviousSecretExpires),
            })
            : NotFound(tenant, id);
}
