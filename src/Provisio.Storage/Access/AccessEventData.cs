using Provisio.Storage.Events;

namespace Provisio.Storage.Access;

/// <summary>The <c>data</c> of an access event: the user, the role or workspace, and the group that caused the change.</summary>
internal static class AccessEventData
{
    public static string Write(string userId, AccessGrant grant, string? groupDisplayName) => EventData.Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("user");
        writer.WriteString("id", userId);
        writer.WriteEndObject();
        writer.WriteString(grant.Kind == AccessKind.Role ? "role" : "workspace", grant.Name);
        writer.WriteStartObject("group");
        writer.WriteString("id", grant.GroupId);
        writer.WriteString("displayName", groupDisplayName);
        writer.WriteString("key", AccessRules.GroupKey(groupDisplayName, grant.GroupId));
        writer.WriteEndObject();
        writer.WriteEndObject();
    });
}
