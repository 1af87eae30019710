using System.Net;
using Provisio.Samples.Tests.Support;

namespace Provisio.Samples.Tests.SaasApp;

/// <summary>Sessions live on the server: the cookie only points at a row, so ending the row ends the cookie.</summary>
public sealed class SessionTests
{
    private const string Secret = "whsec_test_sessions";

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_works_after_it()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        var eventId = SignedDelivery.NewEventId();
        var created = SignedDelivery.UserEvent(eventId, "user.created", "u-1", "carol@example.com", active: true);
        await SignedDelivery.PostAsync(app.BaseUrl, created, eventId, SignedDelivery.Sign(created, TimeProvider.System.GetUtcNow(), Secret));
        using var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync("carol@example.com"));
        using var copy = app.NewBrowser();
        copy.Cookies.Add(browser.Cookies.GetAllCookies());
        Assert.Equal(HttpStatusCode.OK, (await copy.MeAsync()).Status);

        Assert.Equal(HttpStatusCode.Redirect, await browser.SignOutAsync());

        Assert.Equal(HttpStatusCode.Redirect, (await copy.MeAsync()).Status);
        Assert.Single(await app.QueryAsync("SELECT id FROM sessions WHERE ended IS NOT NULL"));
    }
}
