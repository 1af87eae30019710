using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Admin;

namespace Provisio.Server.Tests.Admin;

/// <summary>
/// Admin keys open /api and nothing else; SCIM tokens open SCIM and nothing else. Every refusal is the same 401, so
/// neither a key id nor the kind of a credential can be learnt by probing.
/// </summary>
public sealed class AdminAuthenticationTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_valid_admin_key_reads_the_events_feed()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var response = await admin.GetAsync($"/api/tenants/{scim.TenantId}/events");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
    }

    [Fact]
    public async Task Every_bad_credential_on_the_api_gets_the_same_401_problem()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var revoked = await AdminClient.CreateAsync(factory, "leaver");
        var keys = factory.Services.GetRequiredService<IAdminKeyStore>();
        Assert.Equal(HttpStatusCode.OK, (await revoked.GetAsync($"/api/tenants/{scim.TenantId}/events")).Status);
        Assert.True(await keys.RevokeAsync(Provisio.Server.Admin.AdminKeyFormat.ParseId(revoked.Key!)!, TimeProvider.System.GetUtcNow(), CancellationToken.None));
        var credentials = new Dictionary<string, string?>
        {
            ["no key"] = null,
            ["garbage"] = "garbage",
            ["unknown id"] = "pak_aaaaaaaaaaaa_wrongsecretwrongsecretwrongsecretwrongsecret",
            ["real id, wrong secret"] = admin.Key![..^4] + "AAAA",
            ["revoked key"] = revoked.Key,
            ["scim token"] = scim.Token,
        };

        var details = new List<string>();
        foreach (var (what, credential) in credentials)
        {
            var response = await admin.WithKey(credential).GetAsync($"/api/tenants/{scim.TenantId}/events");
            Assert.True(response.Status == HttpStatusCode.Unauthorized, $"{what}: {response.Status}");
            details.Add(response.AssertProblem(HttpStatusCode.Unauthorized));
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }

        Assert.Single(details.Distinct());
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_very_next_request()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);
        var url = $"/api/tenants/{scim.TenantId}/events";
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).Status);

        await factory.Services.GetRequiredService<IAdminKeyStore>()
            .RevokeAsync(Provisio.Server.Admin.AdminKeyFormat.ParseId(admin.Key!)!, TimeProvider.System.GetUtcNow(), CancellationToken.None);

        (await admin.GetAsync(url)).AssertProblem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_admin_key_on_scim_gets_the_same_401_as_a_wrong_token()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        var withKey = await scim.WithToken(admin.Key).GetAsync("/Users");
        var withWrongToken = await scim.WithToken(scim.Token![..^4] + "AAAA").GetAsync("/Users");

        withKey.AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal(withWrongToken.Body, withKey.Body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await scim.At("/scim/v2").WithToken(admin.Key).GetAsync("/Users")).Status);
    }

    [Fact]
    public async Task The_key_records_when_it_was_last_used()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory, "last-used");
        var id = Provisio.Server.Admin.AdminKeyFormat.ParseId(admin.Key!)!;
        var keys = factory.Services.GetRequiredService<IAdminKeyStore>();
        Assert.Null((await keys.FindAsync(id, CancellationToken.None))!.LastUsed);

        await admin.GetAsync($"/api/tenants/{scim.TenantId}/events");

        Assert.NotNull((await keys.FindAsync(id, CancellationToken.None))!.LastUsed);
    }

    [Fact]
    public async Task Neither_kind_of_credential_parses_as_the_other()
    {
        var scim = await factory.CreateTenantAsync();
        var admin = await AdminClient.CreateAsync(factory);

        Assert.Null(Provisio.Server.Admin.AdminKeyFormat.ParseId(scim.Token!));
        Assert.Null(Provisio.AspNetCore.Auth.ScimTokenFormat.ParseId(admin.Key!));
        Assert.StartsWith("pak_", admin.Key, StringComparison.Ordinal);
    }
}
