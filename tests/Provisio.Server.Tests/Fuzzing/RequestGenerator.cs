using System.Text;
using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Picks the next fuzz request: a mutated IdP payload, a list or search with random parameters, a PATCH (mutated
/// fixture or generated), a PUT, a DELETE, a GET by id or a /Bulk of bulkId references, sometimes with conditional
/// headers, damaged bytes, another content type or another caller; bodies with one name in two cases, and bodies with
/// URN-qualified core names and a qualified password (<see cref="Secret"/>), which no response may ever show. Keeps a
/// few users and groups alive so that writes hit real resources.
/// </summary>
internal sealed class RequestGenerator
{
    /// <summary>Every password the generator sends as a URN-qualified name starts so.</summary>
    public const string Secret = "fuzz-secret-";

    /// <summary>What <see cref="CaseDuplicate"/> requests are, for the response checker.</summary>
    public const string CaseDuplicateKind = "case-duplicate";

    private const string UserSchema = "urn:ietf:params:scim:schemas:core:2.0:User";

    private static readonly HttpMethod Patch = new("PATCH");

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/scim+json; charset=utf-8", "application/scim+json; charset=utf-16", "text/plain",
        "application/xml", "multipart/form-data", "application/x-www-form-urlencoded", "application/scim+json;;;", "*/*", "a/b/c", "",
    ];

    private readonly RandomText text;
    private readonly KnownResources known;
    private readonly IdpFixtures fixtures;
    private readonly JsonMutator mutator;
    private readonly ByteMutator bytes;
    private readonly QueryGenerator queries;
    private readonly PatchGenerator patches;
    private readonly BulkGenerator bulk;
    private int serial;

    public RequestGenerator(Random random, KnownResources known, IdpFixtures fixtures)
    {
        text = new RandomText(random);
        this.known = known;
        this.fixtures = fixtures;
        mutator = new JsonMutator(text);
        bytes = new ByteMutator(random);
        var filters = new FilterGenerator(text);
        queries = new QueryGenerator(text, filters, known);
        patches = new PatchGenerator(text, filters, mutator);
        bulk = new BulkGenerator(text, mutator);
    }

    /// <summary>A well-formed user with a fresh userName, to keep the pool filled.</summary>
    public FuzzRequest ValidUser() => FuzzRequest.Json(HttpMethod.Post, "/Users", Support.ScimClient.NewUser(FreshUserName()).ToJsonString(), "setup-user");

    /// <summary>A well-formed group with some of the known users (and groups) as members.</summary>
    public FuzzRequest ValidGroup()
    {
        var members = known.Users.Concat(known.Groups).Where(_ => text.Chance(60)).ToArray();
        return FuzzRequest.Json(HttpMethod.Post, "/Groups", Support.ScimClient.NewGroup($"group {++serial}", members).ToJsonString(), "setup-group");
    }

    public FuzzRequest Next()
    {
        if (known.Users.Count < 4)
        {
            return ValidUser();
        }
        if (known.Groups.Count < 2)
        {
            return ValidGroup();
        }
        var request = text.Random.Next(100) switch
        {
            < 10 => CreateFromFixture(),
            < 13 => FuzzRequest.Json(HttpMethod.Post, "/Groups", FuzzJson.Serialize(mutator.Mutate(ValidGroupBody(), 3)), "create-group"),
            < 19 => ReplaceFromFixture(),
            < 31 => PatchFromFixture(),
            < 41 => GeneratedPatch(),
            < 45 => CaseDuplicate(),
            < 49 => QualifiedNames(),
            < 64 => ListQuery(),
            < 72 => Search(),
            < 78 => GetById(),
            < 82 => Delete(),
            < 91 => DamageBytes(ReplaceFromFixture()),
            < 95 => RandomBody(),
            < 97 => bulk.Next(AllIds()),
            _ => OddRoute(),
        };
        if (text.Chance(15))
        {
            request = request with { Headers = [.. request.Headers, ConditionalHeader()] };
        }
        if (text.Chance(4))
        {
            request = request with { Caller = text.Pick(new[] { FuzzCaller.OtherTenant, FuzzCaller.GarbageToken, FuzzCaller.Anonymous }) };
        }
        return request;
    }

    /// <summary>
    /// A create, replace or PATCH from a fixture with one name repeated in another case; the server must answer 400
    /// (<see cref="ResponseChecker"/>).
    /// </summary>
    private FuzzRequest CaseDuplicate()
    {
        var added = false;
        bool AddTwin(JsonNode? body) => added = mutator.AddCaseDuplicate(body);
        var request = text.Random.Next(3) switch
        {
            0 => CreateFromFixture(AddTwin),
            1 => ReplaceFromFixture(AddTwin),
            _ => PatchFromFixture(AddTwin),
        };
        return added ? request with { Kind = CaseDuplicateKind } : request;
    }

    /// <summary>
    /// A user's create or replace with core names qualified by the core URN (in any case) and a qualified password, or a
    /// PATCH that sets the password by a qualified name.
    /// </summary>
    private FuzzRequest QualifiedNames()
    {
        var secret = $"{Secret}{++serial}";
        if (text.Chance(30))
        {
            var urn = text.Chance(50) ? UserSchema : text.FlipCase(UserSchema);
            var operation = text.Random.Next(3) switch
            {
                0 => $$"""{ "op": "add", "value": { "{{urn}}:password": "{{secret}}", "{{urn}}:nickName": "q" } }""",
                1 => $$"""{ "op": "replace", "path": "{{urn}}:password", "value": "{{secret}}" }""",
                _ => $$"""{ "op": "replace", "path": "{{urn}}", "value": { "password": "{{secret}}", "{{urn}}:title": "q" } }""",
            };
            var patch = $$"""{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{{operation}}] }""";
            return FuzzRequest.Json(Patch, Target(false), patch, "qualified-patch");
        }
        var users = fixtures.Representations.Where(r => r.Type == "User").ToList();
        var body = (JsonObject)text.Pick(users).Body.DeepClone();
        body["userName"] = FreshUserName();
        foreach (var name in body.Select(p => p.Key).Where(k => !k.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) && k != "schemas").ToList())
        {
            if (text.Chance(40))
            {
                var value = body[name];
                body.Remove(name);
                body[$"{(text.Chance(70) ? UserSchema : text.FlipCase(UserSchema))}:{name}"] = value;
            }
        }
        JsonNode? sent = text.Chance(30) ? mutator.Mutate(body, 2) : body;
        if (sent is JsonObject top)
        {
            top[$"{(text.Chance(70) ? UserSchema : text.FlipCase(UserSchema))}:{(text.Chance(80) ? "password" : "PASSWORD")}"] = secret;
        }
        return text.Chance(60)
            ? FuzzRequest.Json(HttpMethod.Post, "/Users", FuzzJson.Serialize(sent), "qualified-create")
            : FuzzRequest.Json(HttpMethod.Put, Target(false), FuzzJson.Serialize(sent), "qualified-put");
    }

    private FuzzRequest CreateFromFixture(Func<JsonNode?, bool>? finish = null)
    {
        var (_, type, fixture) = text.Pick(fixtures.Representations);
        var body = (JsonObject)fixture.DeepClone();
        if (type == "User")
        {
            body["userName"] = FreshUserName();
        }
        var mutated = text.Chance(85) ? mutator.Mutate(body) : body;
        finish?.Invoke(mutated);
        return FuzzRequest.Json(HttpMethod.Post, type == "User" ? "/Users" : "/Groups", FuzzJson.Serialize(mutated), "create-fixture");
    }

    private FuzzRequest ReplaceFromFixture(Func<JsonNode?, bool>? finish = null)
    {
        var (_, type, fixture) = text.Pick(fixtures.Representations);
        var body = (JsonObject)fixture.DeepClone();
        var path = Target(type == "Group");
        if (text.Chance(50))
        {
            body["id"] = path.Split('/')[^1];
        }
        if (type == "User" && text.Chance(70))
        {
            body["userName"] = FreshUserName();
        }
        var mutated = text.Chance(80) ? mutator.Mutate(body) : body;
        finish?.Invoke(mutated);
        return FuzzRequest.Json(HttpMethod.Put, path, FuzzJson.Serialize(mutated), "put-fixture");
    }

    private FuzzRequest PatchFromFixture(Func<JsonNode?, bool>? finish = null)
    {
        var (_, target, body) = text.Pick(fixtures.Patches);
        var filled = IdpFixtures.Fill(body, () => JsonEscape(patches.Id(AllIds())));
        var mutate = text.Chance(75);
        string mutated;
        if (mutate || finish is not null)
        {
            var tree = mutate ? mutator.Mutate(JsonNode.Parse(filled)) : JsonNode.Parse(filled);
            finish?.Invoke(tree);
            mutated = FuzzJson.Serialize(tree);
        }
        else
        {
            mutated = FuzzJson.ResolveMarkers(filled);
        }
        return FuzzRequest.Json(Patch, Target(target == "Group"), mutated, "patch-fixture");
    }

    private FuzzRequest GeneratedPatch()
    {
        var group = text.Chance(45);
        return FuzzRequest.Json(Patch, Target(group), patches.Next(group, AllIds()), "patch-generated");
    }

    private FuzzRequest ListQuery()
    {
        var resource = text.Chance(60) ? "/Users" : "/Groups";
        var query = queries.QueryString();
        return new FuzzRequest(HttpMethod.Get, query.Length == 0 ? resource : $"{resource}?{query}") { Kind = "list" };
    }

    private FuzzRequest Search()
    {
        var endpoint = text.Pick(new[] { "/Users/.search", "/Users/.search", "/Groups/.search", "/.search" });
        JsonNode? body = queries.SearchBody();
        if (text.Chance(20))
        {
            body = mutator.Mutate(body, 2);
        }
        return FuzzRequest.Json(HttpMethod.Post, endpoint, FuzzJson.Serialize(body), "search");
    }

    private FuzzRequest GetById()
    {
        var path = Target(text.Chance(40));
        var query = new List<string>();
        if (text.Chance(30))
        {
            query.Add("attributes=" + QueryGenerator.Encode(queries.AttributeList()));
        }
        if (text.Chance(20))
        {
            query.Add("excludedAttributes=" + QueryGenerator.Encode(queries.AttributeList()));
        }
        return new FuzzRequest(HttpMethod.Get, query.Count == 0 ? path : $"{path}?{string.Join('&', query)}") { Kind = "get" };
    }

    private FuzzRequest Delete()
    {
        // Mostly ids that do not exist here; now and then a real one (the pool is refilled).
        var group = text.Chance(40);
        var path = text.Chance(30) ? Target(group) : $"{(group ? "/Groups" : "/Users")}/{PathSegment(text.Chance(50) ? text.Guid() : text.Next())}";
        return new FuzzRequest(HttpMethod.Delete, path) { Kind = "delete" };
    }

    private FuzzRequest DamageBytes(FuzzRequest request) => request with
    {
        Body = bytes.Mutate(request.Body ?? []),
        Method = text.Pick(new[] { HttpMethod.Post, HttpMethod.Put, Patch }),
        Path = text.Chance(30) ? text.Pick(new[] { "/Users", "/Groups", "/Users/.search", "/.search" }) : request.Path,
        Kind = "bytes",
    };

    private FuzzRequest RandomBody()
    {
        var (method, path) = text.Random.Next(5) switch
        {
            0 => (HttpMethod.Post, "/Users"),
            1 => (HttpMethod.Post, "/Groups/.search"),
            2 => (Patch, Target(false)),
            3 => (Patch, Target(true)),
            _ => (HttpMethod.Put, Target(text.Chance(50))),
        };
        var body = text.Random.Next(4) switch
        {
            0 => bytes.RandomBytes(text.Random.Next(0, 2_000)),
            1 => Encoding.UTF8.GetBytes(text.Pick(new[] { "", " ", "null", "[]", "\"x\"", "1", "{}", "{", "}", "[{}]", "{\"schemas\":null}", "\uFEFF{}" })),
            2 => Encoding.UTF8.GetBytes(FuzzJson.Serialize(mutator.RandomValue())),
            _ => Encoding.UTF8.GetBytes(new string('{', 5_000)),
        };
        return new FuzzRequest(method, path, body)
        {
            ContentType = text.Chance(40) ? (text.Chance(20) ? null : text.Pick(ContentTypes)) : "application/scim+json",
            Kind = "random-body",
        };
    }

    private FuzzRequest OddRoute()
    {
        var id = PathSegment(text.Next());
        var (method, path) = text.Random.Next(8) switch
        {
            0 => (HttpMethod.Get, $"/Users/{id}"),
            1 => (HttpMethod.Get, $"/Groups/{id}/x"),
            2 => (HttpMethod.Get, "/Users/" + text.Pick(new[] { "%2F", "..", "%2E%2E", "%20", "a%2Fb", "%FF", ".search" })),
            3 => (HttpMethod.Get, "/" + text.Pick(new[] { "Schemas/" + id, "ResourceTypes/" + id, "ServiceProviderConfig", "Schemas", "ResourceTypes" })),
            4 => (HttpMethod.Head, "/Users"),
            5 => (HttpMethod.Get, $"/Users/{Id(false)}?attributes={id}&excludedAttributes={id}"),
            6 => (HttpMethod.Get, $"/Groups?{text.Pick(new[] { "filter", "count", "startIndex", "sortBy", "attributes" })}={id}"),
            _ => (HttpMethod.Get, $"/Users/{new string('a', text.Random.Next(200, 20_000))}"),
        };
        return new FuzzRequest(method, path) { Kind = "odd-route" };
    }

    private KeyValuePair<string, string> ConditionalHeader()
    {
        var etag = known.ETags.Count > 0 ? text.Pick(known.ETags) : "W/\"1\"";
        var value = text.Random.Next(10) switch
        {
            < 3 => etag,
            3 => "*",
            4 => etag.Replace("W/", "", StringComparison.Ordinal),
            5 => $"{etag}, W/\"999\"",
            6 => "W/",
            7 => "\"",
            8 => new string('"', text.Random.Next(1, 300)),
            _ => string.Concat(text.Ascii(text.Random.Next(0, 40)).Where(c => c != '\r' && c != '\n')),
        };
        return new(text.Chance(60) ? "If-Match" : "If-None-Match", value);
    }

    /// <summary>The path of a user or group: mostly a known one, sometimes of the other type, another tenant, or none.</summary>
    private string Target(bool group) => $"{(group ? "/Groups" : "/Users")}/{PathSegment(Id(group))}";

    /// <summary>
    /// An id as a path segment. NUL is left out: the test server's client rejects "%00" in a path before the server
    /// sees it (Kestrel answers 400 itself), so it would only test the test host.
    /// </summary>
    private static string PathSegment(string id) => QueryGenerator.Encode(id.Replace("\0", "", StringComparison.Ordinal));

    private string Id(bool group) => text.Random.Next(100) switch
    {
        < 80 => text.Pick(group ? known.Groups : known.Users),
        < 88 => text.Pick(group ? known.Users : known.Groups),
        < 93 when known.ForeignIds.Count > 0 => text.Pick(known.ForeignIds),
        < 96 => text.Guid(),
        _ => text.Next(),
    };

    private List<string> AllIds() => [.. known.Users, .. known.Groups, .. known.ForeignIds.Where(_ => text.Chance(10))];

    private JsonObject ValidGroupBody() => Support.ScimClient.NewGroup($"group {++serial}", [.. known.Users.Concat(known.Groups).Where(_ => text.Chance(50))]);

    private string FreshUserName() => text.Chance(90) ? $"fuzz{++serial}@example.com" : $"fuzz{++serial}{text.Next()}";

    private static string JsonEscape(string value) => JsonValue.Create(value).ToJsonString()[1..^1];
}
