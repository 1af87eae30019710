using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;

namespace Provisio.Scim.Patching;

/// <summary>The outcome of a PATCH: the new document, and the member changes a group's store applies as rows.</summary>
public sealed record PatchResult(JsonObject Attributes, IReadOnlyList<MembershipOperation> Membership);

/// <summary>
/// Applies RFC 7644 §3.5.2 PATCH operations to a resource, driven by its schema, all or nothing: the operations run on
/// a copy, and the result is validated as a whole (types, required attributes, immutability) before anything is
/// stored. Group members are not in the document: operations on <c>members</c> become <see cref="MembershipOperation"/>s.
/// What real IdPs send beyond the RFC is accepted here too (see <see cref="PatchTolerance"/>).
/// </summary>
public sealed class PatchEngine
{
    private readonly ScimResource resource;
    private readonly ResourceTypeDefinition type;
    private readonly JsonObject document;
    private readonly List<MembershipOperation> membership = [];

    private PatchEngine(ScimResource resource, ResourceTypeDefinition type)
    {
        this.resource = resource;
        this.type = type;
        document = resource.Attributes.DeepClone().AsObject();
    }

    public static PatchResult Apply(ScimResource current, IReadOnlyList<PatchOperation> operations, ResourceTypeDefinition type)
    {
        var engine = new PatchEngine(current, type);
        foreach (var operation in operations)
        {
            engine.Apply(operation);
        }
        var candidate = engine.document.DeepClone().AsObject();
        candidate["schemas"] = new JsonArray(type.Schema.Id);
        var validated = ResourceValidator.ReadPatched(candidate, type);
        ResourceValidator.CheckImmutable(current.Attributes, validated, type);
        return new PatchResult(validated, engine.membership);
    }

    private void Apply(PatchOperation operation)
    {
        // The core schema's URN as a path names the resource itself, as if there were no path.
        if (operation.Path is not null && !string.Equals(operation.Path, type.Schema.Id, StringComparison.OrdinalIgnoreCase))
        {
            Apply(operation.Op, PatchPath.Parse(operation.Path, type), operation.Value, pathless: false);
            return;
        }
        if (operation.Op == PatchOp.Remove)
        {
            throw ScimException.BadRequest(ScimErrorType.NoTarget, "A remove operation needs a path.");
        }
        // Without a path, the value holds attributes to add or replace; keys may be paths (name.givenName) or URNs.
        if (operation.Value is not JsonObject values)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, "An add or replace without a path needs an object of attributes as its value.");
        }
        // userName and urn:…:core:2.0:User:userName in one value are the same attribute twice: ambiguous.
        var targets = new Dictionary<PatchPath, string>();
        foreach (var (key, value) in PathlessEntries(values, type))
        {
            var path = PatchPath.Parse(key, type);
            if (!targets.TryAdd(path, key))
            {
                throw JsonNames.Ambiguous(targets[path], key);
            }
            Apply(operation.Op, path, value, pathless: true);
        }
    }

    /// <summary>
    /// The keys of a pathless value as paths: a whole extension object or the core schema's URN with an object stand for
    /// the attributes they hold; what the server owns (<c>schemas</c>, <c>id</c>, <c>meta</c>) is left out.
    /// </summary>
    internal static IEnumerable<(string Path, JsonNode? Value)> PathlessEntries(JsonObject values, ResourceTypeDefinition type)
    {
        foreach (var (key, value) in values)
        {
            if (PatchTolerance.IsServerOwned(key))
            {
                continue;
            }
            var urn = type.FindExtension(key)?.Schema.Id
                ?? (string.Equals(key, type.Schema.Id, StringComparison.OrdinalIgnoreCase) ? type.Schema.Id : null);
            if (urn is not null && value is JsonObject inner)
            {
                foreach (var (name, item) in inner.Where(p => !PatchTolerance.IsServerOwned(p.Key)))
                {
                    yield return ($"{urn}:{name}", item);
                }
                continue;
            }
            if (urn == type.Schema.Id)
            {
                throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"'{key}' must be an object of {type.Name} attributes.");
            }
            yield return (key, value);
        }
    }

    private void Apply(PatchOp op, PatchPath path, JsonNode? value, bool pathless)
    {
        if (path.WholeExtension is { } urn)
        {
            ApplyToExtension(op, urn, value);
            return;
        }
        var attribute = path.Attribute!;
        if (type.Name == ResourceTypeNames.Group && attribute.Is("members", attribute.SubName))
        {
            ApplyToMembers(op, path, value);
            return;
        }
        var leaf = path.SubAttribute is null
            ? attribute.Leaf
            : attribute.Definition?.FindSubAttribute(path.SubAttribute);
        if (attribute.Definition?.Mutability == Mutability.ReadOnly || leaf?.Mutability == Mutability.ReadOnly)
        {
            // Read-only data echoed in a pathless value (Okta sends the id) is ignored; aimed at by a path it is an error.
            if (pathless)
            {
                return;
            }
            throw ScimException.BadRequest(ScimErrorType.Mutability, $"'{attribute.Path}' is read-only.");
        }
        value = PatchTolerance.Normalize(attribute, path.SubAttribute, value);
        if (op == PatchOp.Add && value is null)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"An add on '{attribute.Path}' needs a value (RFC 7644 §3.5.2.1).");
        }
        if (op == PatchOp.Replace && value is null)
        {
            // Replacing with null means "unassigned" (RFC 7643 §2.5).
            op = PatchOp.Remove;
        }
        var container = Container(attribute, create: op != PatchOp.Remove);
        if (container is null)
        {
            return;
        }
        var name = Key(container, attribute.Name);
        var multiValued = attribute.IsDeclared ? attribute.MultiValued : container[name] is JsonArray;
        var subName = attribute.SubName ?? path.SubAttribute;
        if (path.ValueFilter is not null)
        {
            ApplyFiltered(op, container, name, attribute, path.ValueFilter, path.SubAttribute, value);
        }
        else if (op == PatchOp.Remove)
        {
            Remove(container, name, attribute, subName, value, multiValued);
        }
        else if (subName is not null)
        {
            SetSubAttribute(container, name, subName, value!, multiValued);
        }
        else if (multiValued)
        {
            var values = value as JsonArray ?? [value!.DeepClone()];
            var list = op == PatchOp.Replace ? [] : container[name] as JsonArray ?? [];
            foreach (var item in values)
            {
                if (!list.Any(existing => JsonNode.DeepEquals(existing, item)))
                {
                    list.Add(item?.DeepClone());
                }
            }
            container[name] = list;
            KeepOnePrimary(list, values.OfType<JsonObject>().Where(IsPrimary).Select(v => list.OfType<JsonObject>().First(e => JsonNode.DeepEquals(e, v))).ToList());
        }
        else if (attribute.Definition?.Type == AttributeType.Complex && value is JsonObject complex && container[name] is JsonObject existing)
        {
            // A complex value merges: sub-attributes it does not name are left as they were (RFC 7644 §3.5.2.1, .3).
            foreach (var (key, item) in complex)
            {
                existing[Key(existing, key)] = item?.DeepClone();
            }
        }
        else
        {
            container[name] = value!.DeepClone();
        }
        RemoveIfEmpty(container, name);
    }

    private void ApplyFiltered(PatchOp op, JsonObject container, string name, ResolvedPath attribute, FilterNode filter, string? sub, JsonNode? value)
    {
        var elements = (container[name] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var matches = elements.Where(e => FilterEvaluator.MatchesValue(filter, attribute, e, resource, type)).ToList();
        if (op == PatchOp.Remove)
        {
            if (container[name] is JsonArray array)
            {
                foreach (var match in matches)
                {
                    if (sub is null)
                    {
                        array.Remove(match);
                    }
                    else
                    {
                        match.Remove(Key(match, sub));
                    }
                }
            }
            RemoveIfEmpty(container, name);
            return;
        }
        if (matches.Count == 0)
        {
            // Entra adds or replaces emails[type eq "work"].value on a user with no work email and expects one created.
            var created = PatchTolerance.ElementFromFilter(filter, attribute)
                ?? throw ScimException.BadRequest(ScimErrorType.NoTarget, $"No value of '{attribute.Path}' matches the filter.");
            var list = container[name] as JsonArray ?? [];
            list.Add(created);
            container[name] = list;
            matches = [created];
        }
        foreach (var match in matches)
        {
            if (sub is not null)
            {
                match[Key(match, sub)] = value!.DeepClone();
            }
            else if (value is JsonObject fields)
            {
                foreach (var (key, item) in fields)
                {
                    match[Key(match, key)] = item?.DeepClone();
                }
            }
            else
            {
                throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"A value of '{attribute.Path}' is replaced by an object of its sub-attributes.");
            }
        }
        if (container[name] is JsonArray values)
        {
            KeepOnePrimary(values, matches.Where(IsPrimary).ToList());
        }
    }

    private static void Remove(JsonObject container, string name, ResolvedPath attribute, string? sub, JsonNode? value, bool multiValued)
    {
        if (sub is null && attribute.Leaf?.Required == true)
        {
            throw ScimException.BadRequest(ScimErrorType.Mutability, $"'{attribute.Path}' is required and cannot be removed.");
        }
        if (sub is not null)
        {
            foreach (var item in container[name] is JsonArray array ? array.OfType<JsonObject>() : container[name] is JsonObject single ? [single] : [])
            {
                item.Remove(Key(item, sub));
            }
        }
        else if (multiValued && value is not null && container[name] is JsonArray existing)
        {
            // A value list on remove names the values to take out (Entra and JumpCloud remove this way).
            foreach (var item in value as JsonArray ?? [value])
            {
                foreach (var match in existing.Where(e => SameValue(e, item)).ToList())
                {
                    existing.Remove(match);
                }
            }
        }
        else
        {
            container.Remove(name);
        }
        RemoveIfEmpty(container, name);
    }

    private static void SetSubAttribute(JsonObject container, string name, string sub, JsonNode value, bool multiValued)
    {
        if (multiValued)
        {
            var list = container[name] as JsonArray ?? [];
            if (list.Count == 0)
            {
                list.Add(new JsonObject());
            }
            foreach (var item in list.OfType<JsonObject>())
            {
                item[Key(item, sub)] = value.DeepClone();
            }
            container[name] = list;
            return;
        }
        var complex = container[name] as JsonObject ?? [];
        complex[Key(complex, sub)] = value.DeepClone();
        container[name] = complex;
    }

    private void ApplyToExtension(PatchOp op, string urn, JsonNode? value)
    {
        var key = Key(document, urn);
        if (op == PatchOp.Remove)
        {
            document.Remove(key);
            return;
        }
        if (value is not JsonObject fields)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidValue, $"The value for '{urn}' must be an object of its attributes.");
        }
        // Like any complex value, attributes the value does not name are left as they were (RFC 7644 §3.5.2.3).
        var extension = document[key] as JsonObject ?? [];
        // A value that repeats the extension's "schemas" (or id, meta) means only its attributes.
        foreach (var (name, item) in fields.Where(p => !PatchTolerance.IsServerOwned(p.Key)))
        {
            var resolved = PatchPath.Parse($"{urn}:{name}", type).Attribute!;
            extension[resolved.Name] = PatchTolerance.Normalize(resolved, null, item)?.DeepClone();
        }
        document[key] = extension;
    }

    private void ApplyToMembers(PatchOp op, PatchPath path, JsonNode? value)
    {
        if (path.SubAttribute is not null || path.Attribute!.SubName is not null)
        {
            throw ScimException.BadRequest(ScimErrorType.InvalidPath, "Members are added or removed whole: use 'members' or 'members[value eq \"…\"]'.");
        }
        if (path.ValueFilter is not null)
        {
            if (op == PatchOp.Add)
            {
                throw ScimException.BadRequest(ScimErrorType.InvalidPath, "Add members with path 'members' and a list of values.");
            }
            var filter = path.ValueFilter;
            var members = path.Attribute!;
            membership.Add(new RemoveMembersWhere(filter, member => FilterEvaluator.MatchesValue(filter, members, member, resource, type)));
            if (op == PatchOp.Replace && value is not null)
            {
                membership.Add(new AddMembers(MemberReferences.Ids(value)));
            }
            return;
        }
        membership.Add(op switch
        {
            PatchOp.Add => new AddMembers(MemberReferences.Ids(value ?? throw ScimException.BadRequest(ScimErrorType.InvalidValue, "Adding members needs a value."))),
            PatchOp.Replace => new ReplaceMembers(value is null ? [] : MemberReferences.Ids(value)),
            _ => value is null ? new ReplaceMembers([]) : new RemoveMembers(MemberReferences.Ids(value)),
        });
    }

    private JsonObject? Container(ResolvedPath attribute, bool create)
    {
        if (attribute.Extension is null)
        {
            return document;
        }
        var key = Key(document, attribute.Extension);
        if (document[key] is JsonObject extension)
        {
            return extension;
        }
        if (!create)
        {
            return null;
        }
        extension = [];
        document[key] = extension;
        return extension;
    }

    /// <summary>The existing member name that matches case-insensitively, or the given one.</summary>
    private static string Key(JsonObject json, string name) =>
        json.FindKey(name) ?? name;

    private static void RemoveIfEmpty(JsonObject container, string name)
    {
        if (container[name] is JsonArray { Count: 0 } or JsonObject { Count: 0 })
        {
            container.Remove(name);
        }
    }

    private static bool SameValue(JsonNode? existing, JsonNode? removed)
    {
        if (JsonNode.DeepEquals(existing, removed))
        {
            return true;
        }
        return existing is JsonObject a && removed is JsonObject b
            && a["value"] is { } left && b["value"] is { } right && JsonNode.DeepEquals(left, right);
    }

    private static bool IsPrimary(JsonObject value) =>
        value["primary"] is JsonValue flag && (flag.GetValueKind() == JsonValueKind.True
            || (flag.GetValueKind() == JsonValueKind.String && string.Equals((string?)flag, "true", StringComparison.OrdinalIgnoreCase)));

    /// <summary>RFC 7643 §2.4: when a value is made primary, the others stop being primary.</summary>
    private static void KeepOnePrimary(JsonArray values, List<JsonObject> madePrimary)
    {
        if (madePrimary.Count == 0)
        {
            return;
        }
        var winner = madePrimary[^1];
        foreach (var item in values.OfType<JsonObject>().Where(v => !ReferenceEquals(v, winner) && IsPrimary(v)))
        {
            item["primary"] = false;
        }
    }
}
