namespace Provisio.Scim.Bulk;

/// <summary>A BulkRequest: its operations in request order, and how many errors end it early (null: never).</summary>
public sealed record BulkRequest(IReadOnlyList<BulkOperation> Operations, int? FailOnErrors);
