using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Provisio.Scim.Errors;
using Provisio.Storage;
using Provisio.Storage.Paging;

namespace Provisio.AspNetCore.Paging;

/// <summary>
/// RFC 9865 cursors: a position in a list's order, sealed with ASP.NET Core Data Protection so clients cannot read or
/// forge one, bound to the query it came from, and valid for <see cref="ProvisioOptions.CursorTimeoutSeconds"/>.
/// </summary>
internal sealed class CursorCodec(IDataProtectionProvider protection, TimeProvider time, IOptions<ProvisioOptions> options)
{
    private readonly IDataProtector protector = protection.CreateProtector("Provisio.Scim.Cursor.v1");

    /// <summary>A cursor to the page after (or, when <paramref name="backward"/>, before) <paramref name="position"/>.</summary>
    public string Encode(PagePosition position, bool backward, string queryKey)
    {
        var payload = new JsonObject
        {
            ["d"] = backward ? "b" : "a",
            ["k"] = position.SortKey?.DeepClone(),
            ["i"] = position.Id,
            ["q"] = queryKey,
            ["t"] = time.GetUtcNow().ToUnixTimeSeconds(),
        };
        return WebEncoders.Base64UrlEncode(protector.Protect(Encoding.UTF8.GetBytes(payload.ToJsonString())));
    }

    public CursorPage Decode(string cursor, string queryKey, int count)
    {
        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(protector.Unprotect(WebEncoders.Base64UrlDecode(cursor)))!.AsObject();
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or JsonException or InvalidOperationException)
        {
            throw Invalid();
        }
        if ((string?)payload["q"] != queryKey || payload["i"] is not JsonValue id || payload["t"] is not JsonValue issued)
        {
            throw Invalid();
        }
        var age = time.GetUtcNow().ToUnixTimeSeconds() - (long)issued;
        if (age > options.Value.CursorTimeoutSeconds)
        {
            throw ScimException.BadRequest(ScimErrorType.ExpiredCursor,
                $"The cursor has expired: cursors last {options.Value.CursorTimeoutSeconds} seconds. Start again with an empty cursor.");
        }
        var position = new PagePosition(payload["k"]?.DeepClone(), (string)id!);
        return (string?)payload["d"] == "b" ? new CursorPage(null, position, count) : new CursorPage(position, null, count);
    }

    /// <summary>What a cursor is bound to: the tenant, the resource types, the filter and the sort.</summary>
    public static string QueryKey(string tenantId, IEnumerable<string> types, string? filter, string? sortBy, string? sortOrder)
    {
        var text = string.Join('\n', tenantId, string.Join(',', types), filter ?? "", sortBy ?? "", sortOrder ?? "");
        return Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 12));
    }

    private static ScimException Invalid() => ScimException.BadRequest(ScimErrorType.InvalidCursor,
        "The cursor is not valid for this query: send an empty cursor for the first page, then the nextCursor or previousCursor of the previous response.");
}
