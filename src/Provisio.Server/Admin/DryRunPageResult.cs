using System.Text.Json;
using Provisio.Storage.Events;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Admin;

/// <summary>
/// One page of dry-run events, <c>{"items":[{"event":…,"webhooks":[…],"handlers":…}],"next":…}</c>, each event in
/// the feed's shape, written straight to the response.
/// </summary>
internal sealed class DryRunPageResult(EventPage page, IReadOnlyList<WebhookEndpoint> endpoints, bool handlers, string? next) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("items");
        foreach (var change in page.Events)
        {
            writer.WriteStartObject();
            writer.WritePropertyName("event");
            ChangeEventJson.Write(writer, change);
            writer.WriteStartArray("webhooks");
            foreach (var endpoint in endpoints.Where(e => e.Wants(change.Type)))
            {
                writer.WriteStringValue(endpoint.Id);
            }
            writer.WriteEndArray();
            writer.WriteBoolean("handlers", handlers);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        if (next is null)
        {
            writer.WriteNull("next");
        }
        else
        {
            writer.WriteString("next", next);
        }
        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
