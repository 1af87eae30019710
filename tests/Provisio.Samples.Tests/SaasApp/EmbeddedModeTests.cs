using System.Net;
using Provisio.Samples.Tests.Support;

namespace Provisio.Samples.Tests.SaasApp;

/// <summary>
/// The sample in embedded mode, over HTTP on a real port: an IdP provisions users by SCIM with the token the first
/// start printed; the app's in-process handler ends sessions and disables API keys when the IdP deactivates a user.
/// </summary>
public sealed class EmbeddedModeTests
{
    [Fact]
    public async Task A_deactivated_user_loses_session_and_api_key_and_signs_in_again_once_reactivated()
    {
        await using var app = await SaasAppServer.StartEmbeddedAsync();
        using var okta = new OktaScim(new Uri(app.BaseUrl, "/scim/v2/default/"), app.ScimToken!);
        using var browser = app.NewBrowser();
        var id = await okta.CreateUserAsync("leaver@example.com");
        // The handler applies user.created after the SCIM write commits: sign-in works once it has.
        await Eventually.HoldsAsync(async () => await browser.SignInAsync("leaver@example.com") == HttpStatusCode.Redirect,
            "the provisioned user signs in");
        var me = await browser.MeAsync();
        Assert.Equal(HttpStatusCode.OK, me.Status);
        Assert.Equal(id, (string)me.Body!["id"]!);
        Assert.Equal("Test User", (string)me.Body["displayName"]!);
        var (keyId, key) = await browser.CreateApiKeyAsync("ci");
        var whoami = await app.NewBrowser().WhoAmIAsync(key);
        Assert.Equal(HttpStatusCode.OK, whoami.Status);
        Assert.Equal(keyId, (string)whoami.Body!["apiKeyId"]!);

        Assert.Equal(HttpStatusCode.OK, (await okta.DeactivateAsync(id)).Status);

        await Eventually.HoldsAsync(async () => (await browser.MeAsync()).Status != HttpStatusCode.OK, "the session refused");
        await Eventually.HoldsAsync(async () => (await browser.WhoAmIAsync(key)).Status != HttpStatusCode.OK, "the API key refused");
        var refused = await browser.MeAsync();
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.Equal("/signin", refused.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync(key)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.SignInAsync("leaver@example.com"));
        var row = Assert.Single(await app.QueryAsync($"SELECT id, disabled FROM api_keys WHERE user_id = '{id}'"));
        Assert.Equal(keyId, row[0]);
        Assert.NotNull(row[1]);
        Assert.Single(await app.QueryAsync($"SELECT id FROM sessions WHERE user_id = '{id}' AND ended IS NOT NULL"));

        Assert.Equal(HttpStatusCode.OK, (await okta.ReactivateAsync(id)).Status);

        await Eventually.HoldsAsync(async () => await browser.SignInAsync("leaver@example.com") == HttpStatusCode.Redirect,
            "the reactivated user signs in again");
        Assert.Equal(HttpStatusCode.OK, (await browser.MeAsync()).Status);
        // The old key stays disabled: a key made before someone left does not come back by itself.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync(key)).Status);
        var (_, newKey) = await browser.CreateApiKeyAsync("after return");
        Assert.Equal(HttpStatusCode.OK, (await browser.WhoAmIAsync(newKey)).Status);
    }

    [Fact]
    public async Task A_user_deleted_by_scim_loses_session_and_api_key()
    {
        await using var app = await SaasAppServer.StartEmbeddedAsync();
        using var okta = new OktaScim(new Uri(app.BaseUrl, "/scim/v2/default/"), app.ScimToken!);
        using var browser = app.NewBrowser();
        var id = await okta.CreateUserAsync("gone@example.com");
        await Eventually.HoldsAsync(async () => await browser.SignInAsync("gone@example.com") == HttpStatusCode.Redirect,
            "the provisioned user signs in");
        var (_, key) = await browser.CreateApiKeyAsync("ci");

        Assert.Equal(HttpStatusCode.NoContent, (await okta.DeleteAsync(id)).Status);

        await Eventually.HoldsAsync(async () => (await browser.MeAsync()).Status != HttpStatusCode.OK, "the session refused");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync(key)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.SignInAsync("gone@example.com"));
        Assert.Single(await app.QueryAsync($"SELECT id FROM api_keys WHERE user_id = '{id}' AND disabled IS NOT NULL"));
    }

    [Fact]
    public async Task Only_provisioned_users_sign_in_and_nothing_works_without_a_session_or_key()
    {
        await using var app = await SaasAppServer.StartEmbeddedAsync();
        using var browser = app.NewBrowser();

        Assert.Equal(HttpStatusCode.Unauthorized, await browser.SignInAsync("stranger@example.com"));
        var me = await browser.MeAsync();
        Assert.Equal(HttpStatusCode.Redirect, me.Status);
        Assert.Equal("/signin", me.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync("sk_not-a-key")).Status);
        Assert.Empty(await app.QueryAsync("SELECT id FROM sessions"));
    }

    [Fact]
    public async Task Scim_refuses_a_request_without_the_printed_token()
    {
        await using var app = await SaasAppServer.StartEmbeddedAsync();
        using var wrong = new OktaScim(new Uri(app.BaseUrl, "/scim/v2/default/"), "scim_wrong_token");

        var (status, body) = await wrong.DeactivateAsync("00000000-0000-0000-0000-000000000000");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("401", (string)body!["status"]!);
    }
}
