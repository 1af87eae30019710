using System.Text.Json.Nodes;

namespace Provisio.Scim.Patching;

/// <summary>The three PATCH operations of RFC 7644 §3.5.2.</summary>
public enum PatchOp
{
    Add,
    Replace,
    Remove,
}

/// <summary>One operation of a PatchOp request: its kind, its optional path and its optional value.</summary>
public sealed record PatchOperation(PatchOp Op, string? Path, JsonNode? Value);
