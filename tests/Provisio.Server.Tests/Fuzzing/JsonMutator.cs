using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Structural mutations of a JSON request body: fields dropped, duplicated (also in another case), renamed in another
/// case or retyped, values swapped for numbers, bools, null, huge or odd strings, deep nesting, arrays; schema URNs garbled. Works on a
/// copy; the result is serialized with <see cref="FuzzJson.Serialize"/>.
/// </summary>
internal sealed class JsonMutator(RandomText text)
{
    private static readonly string[] GarbageUrns =
    [
        "urn:ietf:params:scim:schemas:core:2.0:user", "urn:ietf:params:scim:schemas:core:2.0:Group",
        "urn:ietf:params:scim:schemas:core:2.0:User:", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "urn:ietf:params:scim:api:messages:2.0:PatchOp", "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
        "urn:ietf:params:scim:schemas:extension:unknown:2.0:Thing", "urn:", "urn:ietf", "", "User",
        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group", "urn:ietf:params:scim:schemas:core:2.0",
    ];

    private readonly Random random = text.Random;

    /// <summary>A mutated copy of <paramref name="source"/>, with one to <paramref name="maxMutations"/> changes.</summary>
    public JsonNode? Mutate(JsonNode? source, int maxMutations = 4)
    {
        var root = source?.DeepClone();
        var mutations = random.Next(1, maxMutations + 1);
        for (var i = 0; i < mutations; i++)
        {
            root = MutateOnce(root);
        }
        return root;
    }

    /// <summary>A value of a random JSON type, the kind a wrong mapping in an IdP would send.</summary>
    public JsonNode? RandomValue(int depth = 0)
    {
        return random.Next(depth > 2 ? 9 : 13) switch
        {
            0 => null,
            1 => JsonValue.Create(random.Next(2) == 0),
            2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
            3 => JsonValue.Create(text.Pick(new[] { 0.5, -0.0, 1e308, double.Epsilon, 9007199254740993d, -1e-300 })),
            4 => JsonValue.Create(long.MaxValue),
            5 => JsonValue.Create(decimal.MaxValue),
            6 => JsonValue.Create(text.Long(text.Chance(10) ? 300_000 : random.Next(1_000, 20_000))),
            7 or 8 => JsonValue.Create(text.Next()),
            9 => new JsonArray([.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomValue(depth + 1))]),
            10 => new JsonObject { [text.Pick(new[] { "value", "type", "primary", "display", "$ref", text.Next() })] = RandomValue(depth + 1) },
            11 => FuzzJson.DeepMarker(text.Pick(new[] { 10, 63, 64, 65, 100, 1_000, 20_000 }), random.Next(2) == 0),
            _ => new JsonArray(),
        };
    }

    /// <summary>
    /// Adds, beside one member of some object in <paramref name="root"/>, the same name in another case with a value:
    /// since names are case-insensitive such a body is ambiguous. False when no member has a letter to change.
    /// </summary>
    public bool AddCaseDuplicate(JsonNode? root)
    {
        var named = Containers(root).OfType<JsonObject>()
            .SelectMany(obj => obj.Select(p => (Object: obj, Name: p.Key)))
            .Where(member => member.Name.Any(char.IsAsciiLetter))
            .ToList();
        if (named.Count == 0)
        {
            return false;
        }
        var (target, name) = text.Pick(named);
        var letters = Enumerable.Range(0, name.Length).Where(i => char.IsAsciiLetter(name[i])).ToList();
        var flip = text.Pick(letters);
        var twin = string.Concat(name[..flip], char.IsAsciiLetterUpper(name[flip]) ? char.ToLowerInvariant(name[flip]) : char.ToUpperInvariant(name[flip]), name[(flip + 1)..]);
        if (target.ContainsKey(twin))
        {
            return false;
        }
        target[twin] = random.Next(2) == 0 ? target[name]?.DeepClone() : RandomValue();
        return true;
    }

    private JsonNode? MutateOnce(JsonNode? root)
    {
        var containers = Containers(root).ToList();
        if (containers.Count == 0 || random.Next(40) == 0)
        {
            // Replace the whole body.
            return RandomValue();
        }
        var container = text.Pick(containers);
        if (container is JsonObject obj)
        {
            MutateObject(obj);
        }
        else if (container is JsonArray array)
        {
            MutateArray(array);
        }
        return root;
    }

    private void MutateObject(JsonObject obj)
    {
        var names = obj.Select(p => p.Key).ToList();
        var name = names.Count > 0 ? text.Pick(names) : null;
        switch (random.Next(10))
        {
            case 0 when name is not null:
                obj.Remove(name);
                break;
            case 1 when name is not null && KnownBugs.GenerateDuplicatePropertyNames:
                obj[FuzzJson.DuplicateName(name)] = random.Next(2) == 0 ? obj[name]?.DeepClone() : RandomValue();
                break;
            case 2 when name is not null:
                Rename(obj, name, text.FlipCase(name));
                break;
            case 3 when name is not null && obj[name] is JsonValue value && value.TryGetValue<string>(out var s):
                obj[name] = text.Chance(50) ? text.FlipCase(s) : s + text.Next();
                break;
            case 4 when name is not null && obj[name] is JsonArray schemas && name.Equals("schemas", StringComparison.OrdinalIgnoreCase):
                MutateArray(schemas, GarbageUrns);
                break;
            case 5 when name is not null:
                obj[name] = obj[name] is JsonArray { Count: > 0 } list ? list[0]?.DeepClone() : new JsonArray(obj[name]?.DeepClone());
                break;
            case 6:
                obj[text.Chance(50) ? text.Pick(GarbageUrns) : text.Next()] = RandomValue();
                break;
            case 7 when name is not null:
                Rename(obj, name, text.Chance(50) ? text.Pick(GarbageUrns) + ":" + name : name + text.Next());
                break;
            default:
                if (name is not null)
                {
                    obj[name] = RandomValue();
                }
                break;
        }
    }

    private void MutateArray(JsonArray array, IReadOnlyList<string>? candidates = null)
    {
        var index = array.Count > 0 ? random.Next(array.Count) : -1;
        switch (random.Next(6))
        {
            case 0 when index >= 0:
                array.RemoveAt(index);
                break;
            case 1 when index >= 0:
                for (var i = random.Next(1, text.Chance(5) ? 2_000 : 3); i > 0; i--)
                {
                    array.Add(array[index]?.DeepClone());
                }
                break;
            case 2 when index >= 0:
                array[index] = candidates is not null ? JsonValue.Create(text.Pick(candidates)) : RandomValue();
                break;
            default:
                array.Add(candidates is not null && text.Chance(70) ? JsonValue.Create(text.Pick(candidates)) : RandomValue());
                break;
        }
    }

    private static void Rename(JsonObject obj, string from, string to)
    {
        var value = obj[from];
        obj.Remove(from);
        obj[to] = value;
    }

    private static IEnumerable<JsonNode> Containers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var child in obj.Select(p => p.Value).ToList())
                {
                    foreach (var inner in Containers(child))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonArray array:
                yield return array;
                foreach (var child in array.ToList())
                {
                    foreach (var inner in Containers(child))
                    {
                        yield return inner;
                    }
                }
                break;
        }
    }
}
