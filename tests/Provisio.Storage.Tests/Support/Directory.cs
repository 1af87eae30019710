using System.Text.Json.Nodes;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Paging;

namespace Provisio.Storage.Tests.Support;

/// <summary>
/// A seeded, varied directory: users with and without each attribute, mixed case and non-ASCII text, several emails,
/// the enterprise extension, an extension no schema declares (with a number, a boolean, a list), and nested groups.
/// </summary>
public static class SeededDirectory
{
    public const string Acme = "urn:acme:params:scim:schemas:extension:acme:1.0:User";

    public static readonly string[] Words =
        ["alpha", "Bravo", "charlie", "DELTA", "écho", "Straße", "zulu", "ALPHA-2", "mañana", "o'neil", "x\"y", "back\\slash", "İstanbul", "ǅemal", "日本"];

    public static async Task<List<ScimResource>> SeedAsync(IResourceStore store, string tenant, int users, int groups, int seed)
    {
        var random = new Random(seed);
        var registry = SchemaRegistry.CreateDefault();
        var userIds = new List<string>();
        for (var i = 0; i < users; i++)
        {
            var body = User(random, i);
            var attributes = ResourceValidator.ReadRepresentation(body, registry.User);
            userIds.Add((await store.CreateAsync(tenant, new ResourceChange("User", attributes), ReadOptions.DocumentOnly, Provisio.Storage.Events.WriteContext.Background("seed"), CancellationToken.None)).Resource.Id);
        }
        var groupIds = new List<string>();
        for (var g = 0; g < groups; g++)
        {
            var members = new JsonArray();
            foreach (var id in userIds.Where(_ => random.Next(4) == 0).Concat(groupIds.Where(_ => random.Next(3) == 0)))
            {
                members.Add(new JsonObject { ["value"] = id });
            }
            var body = new JsonObject
            {
                ["schemas"] = new JsonArray(ScimSchemas.Group),
                ["displayName"] = $"{Pick(random, Words)} group {g}",
                ["members"] = members,
            };
            if (random.Next(2) == 0)
            {
                body["externalId"] = $"G-{g}";
            }
            var attributes = ResourceValidator.ReadRepresentation(body, registry.Group);
            groupIds.Add((await store.CreateAsync(tenant, new ResourceChange("Group", attributes), ReadOptions.DocumentOnly, Provisio.Storage.Events.WriteContext.Background("seed"), CancellationToken.None)).Resource.Id);
        }
        var all = await store.ListAsync(tenant, new ListQuery([.. registry.ResourceTypes], null, null, new IndexPage(1, 100_000), ReadOptions.Full), CancellationToken.None);
        return [.. all.Resources];
    }

    private static JsonObject User(Random random, int i)
    {
        var given = Pick(random, Words);
        var family = Pick(random, Words);
        var user = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.User, ScimSchemas.EnterpriseUser),
            ["userName"] = $"{Vary(random, given)}.{family}.{i}@Example.COM",
            ["name"] = new JsonObject { ["givenName"] = Vary(random, given), ["familyName"] = family },
        };
        Maybe(random, () => user["displayName"] = $"{given} {family}");
        Maybe(random, () => user["title"] = random.Next(4) == 0 ? "" : Pick(random, Words));
        Maybe(random, () => user["nickName"] = Pick(random, Words));
        Maybe(random, () => user["externalId"] = random.Next(3) == 0 ? $"ext-{i % 7}" : $"EXT-{i}");
        Maybe(random, () => user["active"] = random.Next(2) == 0);
        var emails = new JsonArray();
        for (var e = random.Next(4); e > 0; e--)
        {
            var email = new JsonObject { ["value"] = $"{Vary(random, Pick(random, Words))}{e}@{Pick(random, ["corp.example", "Home.Example", "mail.test"])}" };
            Maybe(random, () => email["type"] = Pick(random, ["work", "home", "Work", "other"]));
            Maybe(random, () => email["primary"] = random.Next(2) == 0);
            emails.Add(email);
        }
        if (emails.Count > 0)
        {
            user["emails"] = emails;
        }
        var enterprise = new JsonObject();
        Maybe(random, () => enterprise["employeeNumber"] = $"{random.Next(1000, 1010)}");
        Maybe(random, () => enterprise["department"] = Pick(random, Words));
        Maybe(random, () => enterprise["manager"] = new JsonObject { ["value"] = $"mgr-{random.Next(5)}" });
        if (enterprise.Count > 0)
        {
            user[ScimSchemas.EnterpriseUser] = enterprise;
        }
        var acme = new JsonObject();
        Maybe(random, () => acme["level"] = random.Next(0, 6));
        Maybe(random, () => acme["Remote"] = random.Next(2) == 0);
        Maybe(random, () => acme["badge"] = Pick(random, Words));
        Maybe(random, () => acme["tags"] = new JsonArray(Pick(random, Words), Pick(random, Words)));
        if (acme.Count > 0)
        {
            user[random.Next(2) == 0 ? Acme : Acme.ToUpperInvariant()] = acme;
        }
        return user;
    }

    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static string Vary(Random random, string text) => random.Next(3) switch
    {
        0 => text.ToUpperInvariant(),
        1 => text.ToLowerInvariant(),
        _ => text,
    };

    private static void Maybe(Random random, Action action)
    {
        if (random.Next(3) != 0)
        {
            action();
        }
    }
}
