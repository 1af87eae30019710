using System.Text.Json.Nodes;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// The IdP request bodies under Fixtures/: resource representations (Users.*, Groups.*) and PATCH bodies (Patch.*,
/// whose <c>body</c> names resources through <c>{{userId}}</c>-style placeholders), as seeds for mutation.
/// </summary>
internal sealed class IdpFixtures
{
    private static readonly string[] Placeholders = ["{{userId}}", "{{managerId}}", "{{otherUserId}}", "{{groupId}}"];

    private IdpFixtures(List<(string Name, string Type, JsonObject Body)> representations, List<(string Name, string Target, string Body)> patches)
    {
        Representations = representations;
        Patches = patches;
    }

    /// <summary>Users.* and Groups.* bodies, with the resource type they are for.</summary>
    public IReadOnlyList<(string Name, string Type, JsonObject Body)> Representations { get; }

    /// <summary>Patch.* bodies as text with placeholders, with their target type.</summary>
    public IReadOnlyList<(string Name, string Target, string Body)> Patches { get; }

    public static IdpFixtures Load()
    {
        var representations = new List<(string, string, JsonObject)>();
        var patches = new List<(string, string, string)>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(Path.Combine(AppContext.BaseDirectory, "Fixtures"), file);
            var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var fileName = Path.GetFileName(file);
            if (fileName.StartsWith("Patch.", StringComparison.Ordinal))
            {
                patches.Add((name, (string)json["target"]!, json["body"]!.ToJsonString()));
            }
            else
            {
                representations.Add((name, fileName.StartsWith("Groups.", StringComparison.Ordinal) ? "Group" : "User", json));
            }
        }
        Assert.NotEmpty(representations);
        Assert.NotEmpty(patches);
        return new IdpFixtures(representations, patches);
    }

    /// <summary>A PATCH body with each placeholder replaced by an id from <paramref name="pick"/>.</summary>
    public static string Fill(string body, Func<string> pick)
    {
        foreach (var placeholder in Placeholders)
        {
            while (body.Contains(placeholder, StringComparison.Ordinal))
            {
                var at = body.IndexOf(placeholder, StringComparison.Ordinal);
                body = string.Concat(body.AsSpan(0, at), pick(), body.AsSpan(at + placeholder.Length));
            }
        }
        return body;
    }
}
