using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Admin;

/// <summary>The admin API's JSON of endpoints, attempts and dead deliveries. An endpoint's JSON never holds a secret.</summary>
internal static class WebhookJson
{
    public static JsonObject Endpoint(WebhookEndpoint endpoint) => new()
    {
        ["id"] = endpoint.Id,
        ["url"] = endpoint.Url.AbsoluteUri,
        ["events"] = endpoint.EventTypes is { } types ? new JsonArray([.. types.Select(t => JsonValue.Create(t))]) : null,
        ["description"] = endpoint.Description,
        ["enabled"] = endpoint.Enabled,
        ["createdAt"] = ResourceRenderer.FormatTime(endpoint.Created),
        ["updatedAt"] = ResourceRenderer.FormatTime(endpoint.Updated),
        ["previousSecretExpiresAt"] = Time(endpoint.PreviousSecretExpires),
    };

    public static JsonObject Attempt(WebhookAttempt attempt) => new()
    {
        ["eventId"] = attempt.EventId,
        ["eventType"] = attempt.EventType,
        ["sequence"] = attempt.Sequence,
        ["attempt"] = attempt.Attempt,
        ["at"] = ResourceRenderer.FormatTime(attempt.At),
        ["outcome"] = SqlWebhookAttemptLog.OutcomeName(attempt.Outcome),
        ["statusCode"] = attempt.StatusCode,
        ["latencyMs"] = attempt.LatencyMilliseconds,
        ["error"] = attempt.Error,
    };

    public static JsonObject DeadLetter(DeadLetter letter) => new()
    {
        ["sequence"] = letter.Sequence,
        ["eventId"] = letter.EventId,
        ["eventType"] = letter.EventType,
        ["resourceId"] = letter.ResourceId,
        ["attempts"] = letter.Attempts,
        ["lastError"] = letter.LastError,
        ["diedAt"] = ResourceRenderer.FormatTime(letter.Died),
    };

    public static JsonObject Items(IEnumerable<JsonObject> items) => new() { ["items"] = new JsonArray([.. items]) };

    public static string? Time(DateTimeOffset? time) => time is { } t ? ResourceRenderer.FormatTime(t) : null;
}
