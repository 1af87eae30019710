using Provisio.Scim.Errors;

namespace Provisio.Scim.Bulk;

/// <summary>An operation in the order it runs, with the bulkIds it waits for, or why it is refused without running.</summary>
public sealed record BulkStep(BulkOperation Operation, IReadOnlyList<string> References, ScimException? Refusal);
