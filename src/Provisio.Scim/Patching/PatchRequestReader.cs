using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Messages;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Patching;

/// <summary>
/// Reads a <c>urn:ietf:params:scim:api:messages:2.0:PatchOp</c> body. Op names are read in any case (Entra sends
/// "Replace"), and an empty Operations list is a valid request that changes nothing.
/// </summary>
public static class PatchRequestReader
{
    public static IReadOnlyList<PatchOperation> Read(JsonObject body, int maxOperations)
    {
        JsonNames.CheckUnambiguous(body);
        MessageSchemas.Check(body, ScimSchemas.PatchOp, "PATCH");
        if (body.GetIgnoreCase("Operations") is not JsonArray operations)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, "A PATCH body needs an 'Operations' list.");
        }
        if (operations.Count > maxOperations)
        {
            throw new ScimException(400, ScimErrorType.TooMany, $"A PATCH may carry at most {maxOperations} operations; this one has {operations.Count}.");
        }
        return operations.Select(Operation).ToList();
    }

    private static PatchOperation Operation(JsonNode? node, int index)
    {
        if (node is not JsonObject operation)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"Operation {index} is not an object.");
        }
        var op = (operation.GetIgnoreCase("op") as JsonValue)?.GetValueKind() == JsonValueKind.String ? (string?)operation.GetIgnoreCase("op") : null;
        var kind = op?.Trim().ToLowerInvariant() switch
        {
            "add" => PatchOp.Add,
            "replace" => PatchOp.Replace,
            "remove" => PatchOp.Remove,
            _ => throw ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"Operation {index} has op '{op}'; use add, replace or remove."),
        };
        var pathNode = operation.GetIgnoreCase("path");
        string? path = pathNode switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => ((string?)value)?.Trim() is { Length: > 0 } text ? text : null,
            _ => throw ScimException.BadRequest(ScimErrorType.InvalidPath, $"Operation {index} has a path that is not a string."),
        };
        return new PatchOperation(kind, path, operation.GetIgnoreCase("value")?.DeepClone());
    }

}
