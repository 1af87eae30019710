using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// PatchOp bodies (RFC 7644 §3.5.2): add, replace and remove in any case or none, with attribute paths, value-filter
/// paths, member paths and extension paths or no path at all, and values of the right type or a wrong one.
/// </summary>
internal sealed class PatchGenerator(RandomText text, FilterGenerator filters, JsonMutator mutator)
{
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private static readonly string[] Ops = ["add", "replace", "remove"];

    private static readonly string[] UserPaths =
    [
        "userName", "displayName", "active", "title", "nickName", "name", "name.givenName", "name.familyName", "emails",
        "emails.value", "emails[type eq \"work\"]", "emails[type eq \"work\"].value", "emails[primary eq true].value",
        "emails[value co \"@\"].type", "phoneNumbers", "phoneNumbers[type eq \"work\"].value", "addresses[type eq \"work\"].locality",
        "addresses", "externalId", "id", "meta", "meta.created", "groups", "schemas", "password", "roles", "x509Certificates",
        Enterprise, $"{Enterprise}:manager", $"{Enterprise}:manager.value", $"{Enterprise}:department", $"{Enterprise}:employeeNumber",
        "urn:ietf:params:scim:schemas:core:2.0:User:userName", "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName",
        "unknown", "name.unknown", "emails[", "emails[type eq]", "emails[type eq \"work\"].value.value", ".", "", "[]", "a..b",
    ];

    private static readonly string[] GroupPaths =
    [
        "members", "displayName", "externalId", "members.value", "members.display", "id", "meta", "schemas",
        "urn:ietf:params:scim:schemas:core:2.0:Group:displayName", "urn:ietf:params:scim:schemas:core:2.0:Group:members",
        "members[value pr]", "members[display co \"a\"]", "members[type eq \"User\"]", "members[not (value pr)]",
        "members[value eq \"x\" or value eq \"y\"]", "members[value eq 1]", "members[", "unknown",
    ];

    /// <summary>A PATCH body for a user (<paramref name="group"/> false) or a group; ids are members to name.</summary>
    public string Next(bool group, IReadOnlyList<string> ids)
    {
        var body = new JsonObject();
        if (text.Chance(92))
        {
            body["schemas"] = new JsonArray(PatchOpSchema);
        }
        var operations = new JsonArray();
        var count = text.Chance(3) ? text.Random.Next(0, 1_200) : text.Random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            operations.Add(Operation(group, ids));
        }
        body[text.Chance(95) ? "Operations" : text.FlipCase("operations")] = operations;
        return FuzzJson.Serialize(text.Chance(15) ? mutator.Mutate(body, 2) : body);
    }

    private JsonObject Operation(bool group, IReadOnlyList<string> ids)
    {
        var op = text.Random.Next(20) switch
        {
            0 => text.Next(),
            1 => text.FlipCase(text.Pick(Ops)),
            _ => text.Pick(Ops),
        };
        var operation = new JsonObject { ["op"] = text.Chance(2) ? mutator.RandomValue() : op };
        var path = text.Chance(15) ? null : Path(group, ids);
        if (path is not null)
        {
            operation["path"] = text.Chance(3) ? mutator.RandomValue() : path;
        }
        if (!op.Equals("remove", StringComparison.OrdinalIgnoreCase) || text.Chance(30))
        {
            operation["value"] = Value(group, path, ids);
        }
        return operation;
    }

    private string Path(bool group, IReadOnlyList<string> ids)
    {
        var id = Id(ids);
        return text.Random.Next(10) switch
        {
            0 when group => $"members[value eq \"{id}\"]",
            1 when group => $"members[value eq \"{id}\" or value eq \"{Id(ids)}\"].display",
            2 => $"{text.Pick(new[] { "emails", "members", "phoneNumbers", "addresses", "groups" })}[{filters.Next()}]{text.Pick(new[] { "", ".value", ".type", ".display", ".x" })}",
            3 => text.FlipCase(text.Pick(group ? GroupPaths : UserPaths)),
            4 => text.Next(),
            _ => text.Pick(group ? GroupPaths : UserPaths),
        };
    }

    private JsonNode? Value(bool group, string? path, IReadOnlyList<string> ids)
    {
        if (text.Chance(20))
        {
            return mutator.RandomValue();
        }
        if (path is null)
        {
            var value = new JsonObject();
            var names = group ? new[] { "displayName", "members", "externalId", "id" }
                : new[] { "active", "displayName", "name.givenName", "emails[type eq \"work\"].value", $"{Enterprise}:department", Enterprise, "userName", "title" };
            foreach (var name in names.Where(_ => text.Chance(40)))
            {
                value[name] = name == "members" ? Members(ids) : Scalar(name);
            }
            return value;
        }
        if (path.StartsWith("members", StringComparison.OrdinalIgnoreCase) || path.StartsWith("groups", StringComparison.OrdinalIgnoreCase))
        {
            return Members(ids);
        }
        if (path.Contains("manager", StringComparison.Ordinal))
        {
            return text.Chance(50) ? Id(ids) : new JsonObject { ["value"] = Id(ids) };
        }
        if (path.StartsWith("emails", StringComparison.OrdinalIgnoreCase) && !path.Contains('.', StringComparison.Ordinal))
        {
            return new JsonArray(new JsonObject { ["value"] = text.Next(), ["type"] = text.Chance(70) ? "work" : text.Next(), ["primary"] = text.Chance(50) });
        }
        return Scalar(path);
    }

    private JsonNode? Scalar(string path) => path switch
    {
        "active" when text.Chance(70) => text.Pick(new JsonNode?[] { true, false, "True", "false", "yes", 1, null }),
        _ when text.Chance(10) => mutator.RandomValue(),
        _ => text.Next(),
    };

    private JsonArray Members(IReadOnlyList<string> ids)
    {
        var members = new JsonArray();
        for (var i = text.Chance(2) ? 1_500 : text.Random.Next(0, 4); i > 0; i--)
        {
            members.Add(text.Random.Next(12) switch
            {
                0 => mutator.RandomValue(),
                1 => new JsonObject { ["value"] = Id(ids), ["display"] = text.Next(), ["type"] = text.Pick(new[] { "User", "Group", "user", "x" }) },
                2 => new JsonObject { ["$ref"] = null, ["value"] = Id(ids) },
                3 => new JsonObject { ["display"] = text.Next() },
                4 => Id(ids),
                _ => new JsonObject { ["value"] = Id(ids) },
            });
        }
        return members;
    }

    /// <summary>Mostly a real id (of either type, or of another tenant), sometimes made up.</summary>
    public string Id(IReadOnlyList<string> ids) => ids.Count > 0 && text.Chance(85) ? text.Pick(ids) : text.Chance(50) ? text.Guid() : text.Next();
}
