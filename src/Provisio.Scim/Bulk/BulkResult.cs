using Provisio.Scim.Errors;

namespace Provisio.Scim.Bulk;

/// <summary>How one operation ended: its HTTP status, and the resource's location and version, or the error.</summary>
public sealed record BulkResult(BulkOperation Operation, int Status, string? Location, string? Version, ScimException? Error)
{
    public static BulkResult Failed(BulkOperation operation, ScimException error, string? location = null) =>
        new(operation, error.Status, location, null, error);
}
