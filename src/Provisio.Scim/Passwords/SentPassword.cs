using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Patching;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;

namespace Provisio.Scim.Passwords;

/// <summary>
/// The password a write sets, however it is spelled: <c>password</c> or <c>urn:…:core:2.0:User:password</c> in a body
/// or inside a core-URN object, as a PATCH path, or as a key of a pathless PATCH value. Read before the write, so its
/// hash is computed outside the write's transaction; the validator and the PATCH engine keep the clear text out of
/// what is stored (the attribute is write-only).
/// </summary>
public static class SentPassword
{
    /// <summary>The password of a POST or PUT body (already validated), or null when it sets none.</summary>
    public static string? FromRepresentation(JsonObject body, ResourceTypeDefinition type)
    {
        if (PasswordAttribute(type) is not { } attribute)
        {
            return null;
        }
        var unqualified = QualifiedNames.Unqualify(body, type, refuseAmbiguity: true);
        return Read(unqualified.GetIgnoreCase(attribute.Name));
    }

    /// <summary>The password the last operation that sets one sets, or null when none does.</summary>
    public static string? FromPatch(IReadOnlyList<PatchOperation> operations, ResourceTypeDefinition type)
    {
        if (PasswordAttribute(type) is not { } attribute)
        {
            return null;
        }
        string? password = null;
        foreach (var operation in operations.Where(o => o.Op != PatchOp.Remove))
        {
            if (operation.Path is { } path && !string.Equals(path, type.Schema.Id, StringComparison.OrdinalIgnoreCase))
            {
                password = IsPassword(path, attribute, type) ? Read(operation.Value) ?? password : password;
            }
            else if (operation.Value is JsonObject values)
            {
                foreach (var (key, value) in PatchEngine.PathlessEntries(values, type))
                {
                    password = IsPassword(key, attribute, type) ? Read(value) ?? password : password;
                }
            }
        }
        return password;
    }

    private static AttributeDefinition? PasswordAttribute(ResourceTypeDefinition type) =>
        type.Schema.FindAttribute("password") is { Mutability: Mutability.WriteOnly } attribute ? attribute : null;

    private static bool IsPassword(string path, AttributeDefinition attribute, ResourceTypeDefinition type)
    {
        PatchPath parsed;
        try
        {
            parsed = PatchPath.Parse(path, type);
        }
        catch (ScimException)
        {
            // Not a password: the PATCH engine answers for a path it cannot parse.
            return false;
        }
        return parsed is { ValueFilter: null, SubAttribute: null, Attribute: { Extension: null, SubName: null } resolved }
            && resolved.Definition is { Mutability: Mutability.WriteOnly } definition && definition.Name == attribute.Name;
    }

    /// <summary>The clear text; null (unassigned) sets nothing; anything but a non-empty string is refused.</summary>
    private static string? Read(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.String when ((string?)value)!.Length > 0 => (string?)value,
        JsonValueKind.String => throw ScimException.BadRequest(ScimErrorType.InvalidValue, "The password must not be empty."),
        _ => throw ScimException.BadRequest(ScimErrorType.InvalidValue, "The password must be a string."),
    };
}
