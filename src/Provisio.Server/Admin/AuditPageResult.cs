using System.Text.Json;
using Provisio.Storage.Audit;

namespace Provisio.Server.Admin;

/// <summary>One page of the audit log, <c>{"entries":[…],"next":…}</c>, written straight to the response.</summary>
internal sealed class AuditPageResult(IReadOnlyList<AuditEntry> entries, string? next) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("entries");
        foreach (var entry in entries)
        {
            AuditEntryJson.Write(writer, entry);
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
        writer.Flush();
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
