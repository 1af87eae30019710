using System.Net;
using Provisio.Server.Tests.Events;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Settings;

/// <summary>
/// Two servers on one database: a setting changed through one reaches the other within the settings' cache lifetime
/// (2 seconds), with no restart. (On SQLite both share one file; the PostgreSQL run is the scale-out case.)
/// </summary>
public sealed class TwoInstancesSettingsTests : IDisposable
{
    private readonly ProvisioFactory first = new();
    private readonly ProvisioFactory second;

    public TwoInstancesSettingsTests() => second = new ProvisioFactory(first.DataDirectory);

    [Fact]
    public async Task A_pause_made_through_one_server_reaches_the_other_and_so_does_its_end()
    {
        var scim = await first.CreateTenantAsync();
        var elsewhere = new ScimClient(second.CreateClient(), scim.BasePath, scim.Token, scim.TenantId, scim.TokenId);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/Users")).Status);
        var admin = await AdminClient.CreateAsync(first);

        await admin.SetAsync(scim.TenantId!, """{"paused": true}""");

        await Eventually.HoldsAsync(async () => (await elsewhere.GetAsync("/Users")).Status == HttpStatusCode.ServiceUnavailable,
            "the other server answers 503");
        await admin.SetAsync(scim.TenantId!, """{"paused": false}""");
        await Eventually.HoldsAsync(async () => (await elsewhere.PostAsync("/Users", ScimClient.NewUser("resumed@example.com"))).Status == HttpStatusCode.Created,
            "the other server works again");
    }

    public void Dispose()
    {
        second.Dispose();
        first.Dispose();
    }
}
