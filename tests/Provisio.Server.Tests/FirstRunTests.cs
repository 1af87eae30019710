using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests;

public sealed class FirstRunTests
{
    [Fact]
    public async Task The_first_start_creates_the_default_tenant_and_prints_a_working_token_once()
    {
        var folder = Directory.CreateTempSubdirectory("provisio-firstrun-").FullName;
        string token;
        using (var first = new ProvisioFactory(folder))
        {
            var client = first.CreateClient();
            var output = first.FirstRunOutput.ToString();
            Assert.Contains("/scim/v2/default", output, StringComparison.Ordinal);
            token = output.Split('\n').Single(l => l.Contains("SCIM token:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();

            var scim = new ScimClient(client, "/scim/v2/default", token, "default", null);
            Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", ScimClient.NewUser("first@example.com"))).Status);
        }

        using var second = new ProvisioFactory(folder);
        var again = new ScimClient(second.CreateClient(), "/scim/v2/default", token, "default", null);
        Assert.Equal(1, (int)(await again.GetAsync("/Users")).Json["totalResults"]!);
        Assert.DoesNotContain("SCIM token", second.FirstRunOutput.ToString(), StringComparison.Ordinal);
    }
}
