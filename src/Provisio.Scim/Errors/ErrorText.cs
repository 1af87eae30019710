namespace Provisio.Scim.Errors;

/// <summary>
/// Keeps error details small whatever the request held: a value quoted back is cut to an excerpt, and a whole detail
/// to <see cref="MaxDetailLength"/>, so an error's size never grows with the size or shape of the input.
/// </summary>
public static class ErrorText
{
    /// <summary>The longest <c>detail</c> an error body carries.</summary>
    public const int MaxDetailLength = 1024;

    /// <summary>The longest client value quoted inside a detail.</summary>
    public const int MaxExcerptLength = 64;

    /// <summary>The value itself when short, otherwise its start and an ellipsis.</summary>
    public static string Excerpt(string value, int maxLength = MaxExcerptLength) =>
        value.Length <= maxLength ? value : Cut(value, maxLength - 1) + "…";

    /// <summary>A detail cut to <see cref="MaxDetailLength"/>.</summary>
    public static string Detail(string detail) => Excerpt(detail, MaxDetailLength);

    // Never split a surrogate pair: half a character is invalid UTF-16 and would not serialize cleanly.
    private static string Cut(string value, int length) =>
        char.IsHighSurrogate(value[length - 1]) ? value[..(length - 1)] : value[..length];
}
