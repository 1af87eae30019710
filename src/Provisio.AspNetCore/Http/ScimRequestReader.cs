using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Provisio.Scim.Errors;

namespace Provisio.AspNetCore.Http;

/// <summary>Reads a SCIM request body: JSON media types only, bounded in size and depth, an object at the top.</summary>
internal static class ScimRequestReader
{
    /// <summary>The largest buffer taken for a body before its bytes arrive (see <see cref="InitialBufferSize"/>).</summary>
    private const int LargestFirstBuffer = 64 * 1024;

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
        // A pooled buffer sized from Content-Length when there is one: a fresh 16 KB array per request was a fifth of
        // what a PATCH allocated. Cleared before it goes back, so no body (a password) outlives its request in the pool.
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize(request.ContentLength, maxBytes));
        var length = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length);
                }
            }
            return Parse(buffer.AsSpan(0, length));
        }
        finally
        {
            buffer.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static JsonObject Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, "The request body is empty.");
        }
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
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

    /// <summary>
    /// Room for the declared body and one byte more, so the read that finds its end needs no growth; but no more than
    /// <see cref="LargestFirstBuffer"/> before the bytes arrive, so a declared length alone reserves little.
    /// </summary>
    private static int InitialBufferSize(long? contentLength, int maxBytes) =>
        (int)Math.Min(Math.Min(contentLength ?? 4 * 1024, maxBytes) + 1, LargestFirstBuffer);

    private static byte[] Grow(byte[] full, int length)
    {
        var larger = ArrayPool<byte>.Shared.Rent(full.Length * 2);
        full.AsSpan(0, length).CopyTo(larger);
        full.AsSpan(0, length).Clear();
        ArrayPool<byte>.Shared.Return(full);
        return larger;
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
