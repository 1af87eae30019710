namespace Provisio.Storage;

/// <summary>
/// Case-insensitive keys (userName, displayName, emails.value: caseExact false in RFC 7643) are stored and queried
/// in one folded form, so an ordinary index answers a case-insensitive equality.
/// </summary>
public static class KeyFolding
{
    public static string Fold(string value) => value.ToLowerInvariant();
}
