using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using SaasApp.Provisioning;

namespace SaasApp.Webhooks;

/// <summary>
/// <c>POST /webhooks/provisio</c>: Provisio's signed deliveries. 401 for a bad or stale signature (nothing changes),
/// 204 once the event is applied — or was already: Provisio retries until it gets a 2xx, so a repeat is acknowledged.
/// </summary>
public static class WebhookEndpoint
{
    public const string Path = "/webhooks/provisio";

    public const string EventIdHeader = "Provisio-Event-Id";

    public static void MapProvisioWebhooks(this IEndpointRouteBuilder app) =>
        app.MapPost(Path, ReceiveAsync).WithMetadata(new RequestSizeLimitAttribute(1024 * 1024));

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, WebhookSignatureVerifier verifier, DirectorySync sync, ILogger<WebhookSignatureVerifier> logger)
    {
        // The signature covers the bytes as sent, so read them raw, before any JSON parsing.
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        if (!verifier.IsValid(context.Request.Headers[WebhookSignatureVerifier.Header], body, out var reason))
        {
            Log.WebhookRefused(logger, reason);
            return Results.Unauthorized();
        }
        var change = Read(body);
        // The header repeats the signed body's id so a receiver can dedupe early; they must agree.
        if (change is null || context.Request.Headers[EventIdHeader] != change.Id)
        {
            return Results.BadRequest();
        }
        await sync.ApplyAsync(change, context.RequestAborted);
        return Results.NoContent();
    }

    /// <summary>The event in docs/events.md's shape; null when the body is not one.</summary>
    private static DirectoryEvent? Read(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "id") is not { } id
                || Text(root, "type") is not { } type
                || !root.TryGetProperty("resource", out var resource) || resource.ValueKind != JsonValueKind.Object
                || Text(resource, "type") is not { } resourceType
                || Text(resource, "id") is not { } resourceId
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            return new DirectoryEvent(id, type, resourceType, resourceId, data.Clone());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
