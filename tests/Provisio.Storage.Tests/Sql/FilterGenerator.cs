using System.Globalization;
using System.Text.Json;
using Provisio.Scim.Resources;

namespace Provisio.Storage.Tests.Sql;

/// <summary>Random filter texts over the seeded directory's attributes, with values taken from (and near) its data.</summary>
public sealed class FilterGenerator(Random random, IReadOnlyList<ScimResource> resources)
{
    private const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private const string Acme = Support.SeededDirectory.Acme;

    private static readonly string[] StringOps = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
    private static readonly string[] OrderOps = ["eq", "ne", "gt", "ge", "lt", "le"];

    private static readonly (string Path, string Kind)[] UserAttributes =
    [
        ("userName", "string"), ("displayName", "string"), ("name.givenName", "string"), ("name.familyName", "string"),
        ("title", "string"), ("nickName", "string"), ("externalId", "string"), ("id", "string"),
        ("emails.value", "string"), ("emails.type", "string"), ("emails", "string"), ("emails.primary", "bool"),
        ("active", "bool"), ("meta.created", "date"), ("meta.lastModified", "date"), ("meta.resourceType", "string"),
        ($"{Enterprise}:employeeNumber", "string"), ($"{Enterprise}:department", "string"), ($"{Enterprise}:manager.value", "string"),
        ($"{Acme}:badge", "string"), ($"{Acme.ToUpperInvariant()}:BADGE", "string"), ($"{Acme}:tags", "string"),
        ($"{Acme}:level", "number"), ($"{Acme}:remote", "bool"), ("groups.value", "string"), ("groups.display", "string"),
        ("USERNAME", "string"), ("Name.GivenName", "string"),
    ];

    private static readonly (string Path, string Kind)[] GroupAttributes =
    [
        ("displayName", "string"), ("externalId", "string"), ("id", "string"), ("members.value", "string"),
        ("members.display", "string"), ("members.type", "string"), ("members", "string"), ("meta.created", "date"),
    ];

    public string Next(bool group, int depth = 0)
    {
        var choice = random.Next(depth >= 3 ? 6 : 10);
        return choice switch
        {
            6 => $"{Next(group, depth + 1)} and {Next(group, depth + 1)}",
            7 => $"({Next(group, depth + 1)} or {Next(group, depth + 1)})",
            8 => $"not ({Next(group, depth + 1)})",
            9 => ValuePath(group),
            _ => Comparison(Pick(group ? GroupAttributes : UserAttributes)),
        };
    }

    private string ValuePath(bool group)
    {
        if (group)
        {
            return $"members[{Inner(("value", "string"), ("display", "string"), ("type", "string"))}]";
        }
        return random.Next(4) switch
        {
            0 => $"emails[type eq {Quote(Pick(["work", "WORK", "home", "other"]))}].value {Pick(StringOps)} {Quote(ValueFor("emails.value"))}",
            1 => $"groups[{Inner(("value", "string"), ("display", "string"))}]",
            _ => $"emails[{Inner(("value", "string"), ("type", "string"), ("primary", "bool"))}]",
        };
    }

    private string Inner(params (string Path, string Kind)[] subs)
    {
        var first = Comparison(Pick(subs), inner: true);
        return random.Next(3) switch
        {
            0 => $"{first} and {Comparison(Pick(subs), inner: true)}",
            1 => $"not ({first}) or {Comparison(Pick(subs), inner: true)}",
            _ => first,
        };
    }

    private string Comparison((string Path, string Kind) attribute, bool inner = false)
    {
        var (path, kind) = attribute;
        if (random.Next(8) == 0)
        {
            return $"{path} pr";
        }
        if (random.Next(12) == 0)
        {
            return $"{path} {Pick(["eq", "ne"])} null";
        }
        var lookup = inner ? (path == "value" || path == "type" || path == "primary" ? "emails." + path : path) : path;
        return kind switch
        {
            "bool" => $"{path} {Pick(["eq", "ne"])} {(random.Next(2) == 0 ? "true" : "false")}",
            "number" => $"{path} {Pick(OrderOps)} {random.Next(-1, 7).ToString(CultureInfo.InvariantCulture)}",
            "date" => $"{path} {Pick(OrderOps)} {Quote(DateNear())}",
            _ => $"{path} {Pick(StringOps)} {Quote(ValueFor(lookup))}",
        };
    }

    /// <summary>A value from the data for that attribute, varied in case or cut to a part, or a stranger.</summary>
    private string ValueFor(string path)
    {
        var values = resources.SelectMany(r => Values(r, path)).ToList();
        if (values.Count == 0 || random.Next(6) == 0)
        {
            return Pick(Support.SeededDirectory.Words);
        }
        var value = Pick(values);
        return random.Next(5) switch
        {
            0 => value.ToUpperInvariant(),
            1 => value.Length > 2 ? value.Substring(random.Next(value.Length / 2), Math.Max(1, value.Length / 2)) : value,
            2 => value.ToLowerInvariant(),
            _ => value,
        };
    }

    private static IEnumerable<string> Values(ScimResource resource, string path)
    {
        var name = path.Split(':')[^1].Split('.')[0].ToLowerInvariant();
        return resource.Attributes.ToJsonString().Length > 0
            ? Strings(resource.Attributes).Where(s => s.Key.Equals(name, StringComparison.OrdinalIgnoreCase) || name is "emails" or "groups" or "members").Select(s => s.Value).Append(resource.Id)
            : [];
    }

    private static IEnumerable<KeyValuePair<string, string>> Strings(System.Text.Json.Nodes.JsonNode? node, string key = "")
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject json:
                foreach (var (k, v) in json)
                {
                    foreach (var s in Strings(v, k))
                    {
                        yield return s;
                    }
                }
                break;
            case System.Text.Json.Nodes.JsonArray array:
                foreach (var item in array)
                {
                    foreach (var s in Strings(item, key))
                    {
                        yield return s;
                    }
                }
                break;
            case System.Text.Json.Nodes.JsonValue value when value.GetValueKind() == JsonValueKind.String:
                yield return new(key, (string)value!);
                break;
        }
    }

    private string DateNear()
    {
        var created = Pick(resources).Meta.Created.AddMilliseconds(random.Next(3) - 1);
        return random.Next(3) switch
        {
            0 => created.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
            1 => ResourceRenderer.FormatTime(created),
            _ => created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
