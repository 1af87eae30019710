using System.Text.Json.Nodes;

namespace Provisio.Scim.Bulk;

/// <summary>One operation of a BulkRequest (RFC 7644 §3.7), as sent: <c>bulkId:</c> references not yet resolved.</summary>
/// <param name="Index">Its position in the request, which is also its place in the response.</param>
/// <param name="Method">POST, PUT, PATCH or DELETE (upper case).</param>
/// <param name="Path">A resource endpoint (<c>/Users</c>) for POST, a resource (<c>/Users/{id}</c>) otherwise.</param>
/// <param name="BulkId">The client's name for the resource a POST creates, for other operations to refer to.</param>
/// <param name="Version">An ETag the resource must still have, as <c>If-Match</c> would carry it.</param>
/// <param name="Data">The resource (POST, PUT) or the PatchOp message (PATCH); null for DELETE.</param>
public sealed record BulkOperation(int Index, string Method, string Path, string? BulkId, string? Version, JsonObject? Data);
