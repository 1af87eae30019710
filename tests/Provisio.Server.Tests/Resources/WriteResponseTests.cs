using System.Net;
using Provisio.Server.Tests.Patching;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// A write answers with what it committed, membership included: byte for byte what a GET right after it answers (on
/// SQLite; the same JSON on PostgreSQL), with the same ETag. The write reads its membership in its own transaction; a
/// GET streams it.
/// </summary>
public sealed class WriteResponseTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Group_and_user_writes_answer_the_bytes_a_GET_answers()
    {
        var scim = await factory.CreateTenantAsync();
        var ann = (string)(await scim.CreateUserAsync("ann@example.com"))["id"]!;
        var bob = (string)(await scim.CreateUserAsync("bob@example.com"))["id"]!;
        var inner = (string)(await scim.CreateGroupAsync("Inner", bob))["id"]!;

        var created = await scim.PostAsync("/Groups", ScimClient.NewGroup("Outer", ann, inner));
        var outer = (string)created.Json["id"]!;
        await AssertSameAsGetAsync(scim, created, $"/Groups/{outer}");

        var added = await scim.PatchAsync($"/Groups/{outer}", $$"""[{ "op": "Add", "path": "members", "value": [{ "value": "{{bob}}" }] }]""");
        await AssertSameAsGetAsync(scim, added, $"/Groups/{outer}");

        var unchanged = await scim.PatchAsync($"/Groups/{outer}", $$"""[{ "op": "Add", "path": "members", "value": [{ "value": "{{bob}}" }] }]""");
        await AssertSameAsGetAsync(scim, unchanged, $"/Groups/{outer}");

        var replaced = await scim.PutAsync($"/Groups/{outer}", ScimClient.NewGroup("Outer renamed", ann));
        await AssertSameAsGetAsync(scim, replaced, $"/Groups/{outer}");

        // Bob is in Inner directly and, through it, nowhere else now; Ann in Outer: both show their groups.
        var deactivated = await scim.PatchAsync($"/Users/{bob}", """[{ "op": "Replace", "path": "active", "value": false }]""");
        await AssertSameAsGetAsync(scim, deactivated, $"/Users/{bob}");

        var renamed = await scim.PutAsync($"/Users/{ann}", ScimClient.NewUser("ann.renamed@example.com"));
        await AssertSameAsGetAsync(scim, renamed, $"/Users/{ann}");
    }

    private static async Task AssertSameAsGetAsync(ScimClient scim, ScimResponse written, string path)
    {
        Assert.True(written.Status is HttpStatusCode.OK or HttpStatusCode.Created, written.Body);
        var read = await scim.GetAsync(path);
#if POSTGRES
        // jsonb keeps an object's keys in its own order, so a GET may order them unlike the write's answer, which is
        // rendered from the document as written: the same JSON, not the same bytes.
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(read.Json, written.Json), $"{read.Body}\n{written.Body}");
#else
        Assert.Equal(read.Body, written.Body);
#endif
        Assert.Equal(read.Headers.ETag, written.Headers.ETag);
        Assert.Equal(read.ContentType, written.ContentType);
    }
}
