using System.Net;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Provisio.Server.Tests.Support;
using Provisio.Server.Webhooks;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Tests.Operations;

/// <summary>
/// Two instances on one database, as behind a load balancer without sticky sessions: a cursor sealed by one is
/// opened by the other, because both take Data Protection's key ring from the database they share.
/// </summary>
public sealed class CursorAcrossInstancesTests : IDisposable
{
    private readonly ProvisioFactory first = new();
    private ProvisioFactory? second;

    [Fact]
    public async Task A_cursor_issued_by_one_instance_is_accepted_by_another_on_the_same_database()
    {
        var scim = await first.CreateTenantAsync();
        foreach (var name in new[] { "ada", "grace", "linus" })
        {
            await scim.CreateUserAsync($"{name}@example.com");
        }
        var page1 = await scim.GetAsync("/Users?count=2&cursor");
        Assert.Equal(HttpStatusCode.OK, page1.Status);
        var cursor = (string)page1.Json["nextCursor"]!;

        // Started after the first sealed its cursor, so it reads the key ring the first one wrote.
        second = new ProvisioFactory(first.DataDirectory);
        var elsewhere = new ScimClient(second.CreateClient(), scim.BasePath, scim.Token, scim.TenantId, scim.TokenId);
        var page2 = await elsewhere.GetAsync($"/Users?count=2&cursor={Uri.EscapeDataString(cursor)}");
        var forged = await elsewhere.GetAsync($"/Users?count=2&cursor={Uri.EscapeDataString(cursor[..^4] + "AAAA")}");

        Assert.Equal(HttpStatusCode.OK, page2.Status);
        Assert.Equal(["linus@example.com"], page2.Json["Resources"]!.AsArray().Select(r => (string)r!["userName"]!));
        Assert.Equal(3, page1.Ids.Concat(page2.Ids).Distinct().Count());
        Assert.Equal("invalidCursor", forged.AssertError(HttpStatusCode.BadRequest));
        // Not a key ring both found on this machine's disk: the one in the database they share.
        Assert.IsType<DatabaseXmlRepository>(second.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        var stored = await second.Services.GetRequiredService<IDataProtectionKeyStore>().ReadAllAsync(CancellationToken.None);
        Assert.Contains(stored, xml => XElement.Parse(xml).Name.LocalName == "key");
    }

    public void Dispose()
    {
        second?.Dispose();
        first.Dispose();
    }
}
