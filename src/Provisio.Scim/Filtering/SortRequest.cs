using Provisio.Scim.Errors;

namespace Provisio.Scim.Filtering;

/// <summary><c>sortBy</c> and <c>sortOrder</c> (RFC 7644 §3.4.2.3); ascending unless told otherwise.</summary>
public sealed record SortRequest(AttributePath By, bool Descending)
{
    /// <summary>Reads the parameters; null when no <c>sortBy</c> is given (the stable default order applies).</summary>
    public static SortRequest? Parse(string? sortBy, string? sortOrder)
    {
        var descending = sortOrder?.Trim().ToLowerInvariant() switch
        {
            null or "" or "ascending" => false,
            "descending" => true,
            _ => throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"sortOrder must be 'ascending' or 'descending', not '{sortOrder}'."),
        };
        if (string.IsNullOrWhiteSpace(sortBy))
        {
            return null;
        }
        var path = AttributePath.TryParse(sortBy.Trim())
            ?? throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"sortBy '{sortBy}' is not an attribute path.");
        return new SortRequest(path, descending);
    }
}
