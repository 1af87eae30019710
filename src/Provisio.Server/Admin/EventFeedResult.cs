using System.Text.Json;
using Provisio.Storage.Events;

namespace Provisio.Server.Admin;

/// <summary>One page of the events feed, <c>{"events":[…],"next":…,"hasMore":…}</c>, written straight to the response.</summary>
internal sealed class EventFeedResult(EventPage page, string? next) : IResult
{
    /// <summary>Events written between two flushes of the response, so a full page is never held twice in memory.</summary>
    private const int FlushEvery = 100;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        for (var i = 0; i < page.Events.Count; i++)
        {
            ChangeEventJson.Write(writer, page.Events[i]);
            if ((i + 1) % FlushEvery == 0)
            {
                writer.Flush();
                await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
            }
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
        writer.WriteBoolean("hasMore", page.HasMore);
        writer.WriteEndObject();
        writer.Flush();
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
