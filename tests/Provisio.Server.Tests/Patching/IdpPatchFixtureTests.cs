using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Patching;

/// <summary>
/// PATCH bodies from the IdPs' documentation and field reports (Fixtures/&lt;Idp&gt;/Patch.*.json), replayed as-is.
/// Each file is <c>{ "source", "target": "User" | "Group", "body", "expect": { path: value } }</c>; the body and the
/// expectations name the resources of one fixed set-up through placeholders:
/// <list type="bullet">
/// <item><c>{{userId}}</c>: user@example.com, work email (primary), enterprise employeeNumber 1001 and manager
/// <c>{{managerId}}</c>; the target of User fixtures.</item>
/// <item><c>{{managerId}}</c>, <c>{{otherUserId}}</c>: two more users.</item>
/// <item><c>{{groupId}}</c>: "Fixture Group" with members <c>{{userId}}</c> and <c>{{managerId}}</c>; the target of Group fixtures.</item>
/// </list>
/// An expectation path is '/'-separated; <c>emails[type=work]</c> picks values of a multi-valued attribute, and a path
/// through a multi-valued attribute without a pick collects every value. An expected array is compared as a set,
/// null means absent. Expectations are checked on the resource read back, and on the response when it is a 200.
/// </summary>
public sealed class IdpPatchFixtureTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    public static TheoryData<string> Fixtures => new(FixtureFiles());

    [Fact]
    public void Every_idp_has_patch_fixtures()
    {
        var idps = FixtureFiles().Select(file => Path.GetFileName(Path.GetDirectoryName(file)!)).ToHashSet();

        Assert.Superset(new HashSet<string> { "Okta", "Entra", "JumpCloud" }, idps);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Idp_patch_is_accepted_and_has_the_stated_effect(string fixture)
    {
        var scim = await factory.CreateTenantAsync();
        var manager = (string)(await scim.CreateUserAsync("manager@example.com"))["id"]!;
        var other = (string)(await scim.CreateUserAsync("other@example.com"))["id"]!;
        var user = (string)(await scim.CreateUserAsync("user@example.com", u =>
        {
            u["schemas"]!.AsArray().Add(ScimClient.EnterpriseSchema);
            u[ScimClient.EnterpriseSchema] = new JsonObject { ["employeeNumber"] = "1001", ["manager"] = new JsonObject { ["value"] = manager } };
        }))["id"]!;
        var group = (string)(await scim.CreateGroupAsync("Fixture Group", user, manager))["id"]!;
        var text = (await File.ReadAllTextAsync(fixture))
            .Replace("{{userId}}", user, StringComparison.Ordinal)
            .Replace("{{managerId}}", manager, StringComparison.Ordinal)
            .Replace("{{otherUserId}}", other, StringComparison.Ordinal)
            .Replace("{{groupId}}", group, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        var spec = JsonNode.Parse(text)!.AsObject();
        var target = (string)spec["target"]! switch
        {
            "User" => $"/Users/{user}",
            "Group" => $"/Groups/{group}",
            var unknown => throw new InvalidDataException($"{fixture}: unknown target '{unknown}'."),
        };
        var expect = spec["expect"]!.AsObject();
        Assert.NotEmpty(expect);

        var response = await scim.SendAsync(PatchRequests.Patch, target, spec["body"]!.ToJsonString());

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.NoContent, $"{fixture}: {(int)response.Status} {response.Body}");
        var read = await scim.GetAsync(target);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        AssertExpectations(expect, read.Json, $"{fixture} (read back)");
        if (response.Status == HttpStatusCode.OK)
        {
            Assert.Equal(target.Split('/')[^1], (string)response.Json["id"]!);
            AssertExpectations(expect, response.Json, $"{fixture} (PATCH response)");
            Assert.Equal(read.Version(), response.Version());
        }
        else
        {
            Assert.Equal(read.Version(), response.Headers.ETag?.ToString());
        }
    }

    private static void AssertExpectations(JsonObject expect, JsonObject resource, string where)
    {
        foreach (var (path, expected) in expect)
        {
            var found = Select(resource, path);
            var message = $"{where}: {path} should be {expected?.ToJsonString() ?? "absent"}, is [{string.Join(", ", found.Select(f => f?.ToJsonString()))}]";
            switch (expected)
            {
                case null:
                    Assert.True(found.Count == 0, message);
                    break;
                case JsonArray set:
                    Assert.True(
                        set.Select(Text).Order(StringComparer.Ordinal).SequenceEqual(found.Select(Text).Order(StringComparer.Ordinal)),
                        message);
                    break;
                default:
                    Assert.True(found.Count == 1 && JsonNode.DeepEquals(expected, found[0]), message);
                    break;
            }
        }
    }

    /// <summary>The values at a '/'-separated path, with <c>name[key=value]</c> picking values of a multi-valued attribute.</summary>
    private static List<JsonNode?> Select(JsonObject resource, string path)
    {
        IEnumerable<JsonNode?> current = [resource];
        foreach (var segment in path.Split('/'))
        {
            var open = segment.IndexOf('[', StringComparison.Ordinal);
            var name = open < 0 ? segment : segment[..open];
            var pick = open < 0 ? null : segment[(open + 1)..^1].Split('=', 2);
            current = current.OfType<JsonObject>().SelectMany(node => node[name] switch
            {
                null => [],
                JsonArray values => values.Where(v => pick is null || (v is JsonObject item && (string?)item[pick[0]] == pick[1])),
                var single => pick is null ? [single] : (IEnumerable<JsonNode?>)[],
            }).ToList();
        }
        return current.ToList();
    }

    private static IEnumerable<string> FixtureFiles() =>
        Directory.GetFiles("Fixtures", "Patch.*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
