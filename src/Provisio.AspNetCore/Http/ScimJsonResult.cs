using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Provisio.AspNetCore.Http;

/// <summary>A SCIM response: <c>application/scim+json</c>, with the ETag, Location and Retry-After headers when given.</summary>
internal sealed class ScimJsonResult(int status, JsonNode? body, string? etag = null, string? location = null, int? retryAfterSeconds = null) : IResult, IStatusCodeHttpResult
{
    private readonly Action<Utf8JsonWriter>? writeBody;

    /// <summary>A response whose body is written straight to the response (no <see cref="JsonNode"/> built for it).</summary>
    public ScimJsonResult(int status, Action<Utf8JsonWriter> writeBody, string? etag = null)
        : this(status, (JsonNode?)null, etag)
    {
        this.writeBody = writeBody;
    }

    public int? StatusCode => status;

    /// <summary>For an error response, its SCIM <c>scimType</c> (for the audit row).</summary>
    public string? ScimType { get; init; }

    /// <summary>The key under which an error response leaves its <c>scimType</c> in <c>HttpContext.Items</c>, for the request log.</summary>
    internal static readonly object ScimTypeItem = new();

    /// <summary>For an error response, its <c>detail</c> (for the audit row).</summary>
    public string? Detail { get; init; }

    // SCIM responses are JSON for API clients, never embedded in HTML: escape only what JSON requires.
    internal static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        if (ScimType is not null)
        {
            httpContext.Items[ScimTypeItem] = ScimType;
        }
        ScimResponseHeaders.Apply(response);
        if (etag is not null)
        {
            response.Headers.ETag = etag;
        }
        if (location is not null)
        {
            response.Headers.Location = location;
        }
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (body is null && writeBody is null)
        {
            return;
        }
        response.ContentType = ScimMediaTypes.Response;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        if (writeBody is not null)
        {
            writeBody(writer);
        }
        else
        {
            body!.WriteTo(writer);
        }
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
