using System.Net;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Resources;

/// <summary>
/// Resources asked for with no projection are written straight from the stored resource, others through a JSON DOM:
/// a projection that removes nothing must answer the same bytes, on every way a resource comes back by GET.
/// </summary>
public sealed class DefaultViewTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private static readonly string NoOp = Uri.EscapeDataString("urn:example:params:scim:schemas:extension:none:2.0:User:nothing");

    [Theory]
    [InlineData("/Users?startIndex=1&count=10")]
    [InlineData("/Users?cursor&count=2")]
    [InlineData("/Groups?startIndex=1")]
    [InlineData("/Users/{ann}?x=1")]
    [InlineData("/Users/{bob}?x=1")]
    [InlineData("/Groups/{outer}?x=1")]
    [InlineData("/Groups/{inner}?x=1")]
    public async Task Answers_without_a_projection_are_the_bytes_the_DOM_answers(string path)
    {
        var scim = await factory.CreateTenantAsync();
        var ann = (string)(await scim.CreateUserAsync("ann+\u00e9@example.com", u =>
        {
            u["password"] = "Never-shown-1";
            u["name"] = new JsonObject { ["givenName"] = "Ann \"Q\" <x>", ["familyName"] = "Ünal" };
            u[ScimClient.EnterpriseSchema] = new JsonObject { ["employeeNumber"] = "7", ["manager"] = new JsonObject { ["value"] = "m1" } };
        }))["id"]!;
        var bob = (string)(await scim.CreateUserAsync("bob@example.com"))["id"]!;
        var inner = (string)(await scim.CreateGroupAsync("Inner", bob))["id"]!;
        var outer = (string)(await scim.CreateGroupAsync("Outer", ann, inner))["id"]!;
        path = path.Replace("{ann}", ann).Replace("{bob}", bob).Replace("{inner}", inner).Replace("{outer}", outer);

        var direct = await scim.GetAsync(path);
        var throughTheDom = await scim.GetAsync($"{path}&excludedAttributes={NoOp}");

        Assert.Equal(HttpStatusCode.OK, direct.Status);
        Assert.Contains("\"meta\":", direct.Body);
        Assert.Equal(throughTheDom.Body, direct.Body);
        Assert.Equal(throughTheDom.Headers.ETag, direct.Headers.ETag);
    }
}
