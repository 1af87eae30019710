using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Provisio.Scim.Errors;

namespace Provisio.AspNetCore.Http;

/// <summary>Reads a SCIM request body: JSON media types only, bounded in size and depth, an object at the top.</summary>
internal static class ScimRequestReader
{
    // SCIM resources nest five levels at most (extension, complex, multi-valued…); 32 leaves room for kept unknown
    // attributes while every response that wraps a stored resource (ListResponse, BulkResponse) stays within the
    // 64 levels JSON parsers accept by default. A repeated property name is ambiguous, so it is invalid JSON.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        CheckMediaType(request.ContentType);
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        var buffer = new ArrayBufferWriter<byte>();
        var memory = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(memory, cancellationToken)) > 0)
        {
            if (buffer.WrittenCount + read > maxBytes)
            {
                throw TooLarge(maxBytes);
            }
            buffer.Write(memory.AsSpan(0, read));
        }
        if (buffer.WrittenCount == 0)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, "The request body is empty.");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.WrittenSpan, documentOptions: DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"The request body is not valid JSON: {exception.Message}");
        }
        catch (Exception exception) when (JsonTextCheck.IsUndecodableText(exception))
        {
            throw JsonTextCheck.UndecodableText();
        }
        var body = node as JsonObject
            ?? throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, "The request body must be a JSON object.");
        JsonTextCheck.Check(body);
        return body;
    }

    private static void CheckMediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return;
        }
        var mediaType = contentType.Split(';', 2)[0].Trim();
        if (!mediaType.Equals(ScimMediaTypes.ScimJson, StringComparison.OrdinalIgnoreCase)
            && !mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw new ScimException(415, null, $"Unsupported Content-Type '{mediaType}': send application/scim+json or application/json.");
        }
    }

    private static ScimException TooLarge(int maxBytes) =>
        new(413, null, $"The request body is larger than the limit of {maxBytes} bytes.");
}
