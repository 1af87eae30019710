namespace Provisio.Scim.Resources;

/// <summary>Compares <c>If-Match</c> / <c>If-None-Match</c> headers with a resource's weak ETag (RFC 7232, weak comparison).</summary>
public static class EntityTag
{
    /// <summary>Whether the header (<c>*</c> or a list of tags, weak or strong) names this version.</summary>
    public static bool Matches(string header, string etag)
    {
        var wanted = Opaque(etag);
        return header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(tag => tag == "*" || Opaque(tag) == wanted);
    }

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}
