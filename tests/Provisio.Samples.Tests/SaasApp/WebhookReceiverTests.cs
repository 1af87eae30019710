using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using Provisio.Samples.Tests.Support;

namespace Provisio.Samples.Tests.SaasApp;

/// <summary>
/// The sample in webhooks mode: its receiver checked with deliveries signed in the test by the documented algorithm
/// (raw body, HMAC-SHA256, five-minute tolerance, any v1), over HTTP on a real port.
/// </summary>
public sealed class WebhookReceiverTests
{
    private const string Secret = "whsec_test_5f2b8c0e9a7d4e1f";
    private const string UserId = "2819c223-7f76-453a-919d-413861904646";
    private const string UserName = "bjensen@example.com";

    private static DateTimeOffset Now => TimeProvider.System.GetUtcNow();

    [Fact]
    public async Task A_signed_deactivation_ends_the_users_sessions_and_disables_their_api_keys()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        using var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.NoContent, await DeliverAsync(app, "user.created", active: true));
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(UserName));
        var (keyId, key) = await browser.CreateApiKeyAsync("ci");
        Assert.Equal(HttpStatusCode.OK, (await browser.WhoAmIAsync(key)).Status);

        Assert.Equal(HttpStatusCode.NoContent, await DeliverAsync(app, "user.deactivated", active: false));

        // Applied before the 204: the very next request is refused.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.MeAsync()).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync(key)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, await browser.SignInAsync(UserName));
        var row = Assert.Single(await app.QueryAsync("SELECT id, disabled FROM api_keys"));
        Assert.Equal(keyId, row[0]);
        Assert.NotNull(row[1]);
    }

    [Fact]
    public async Task A_body_changed_by_one_byte_is_refused_and_changes_nothing()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        using var browser = app.NewBrowser();
        await DeliverAsync(app, "user.created", active: true);
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(UserName));
        var eventId = SignedDelivery.NewEventId();
        var body = SignedDelivery.UserEvent(eventId, "user.deactivated", UserId, UserName, active: false);
        var signature = SignedDelivery.Sign(body, Now, Secret);
        // Still valid JSON of the same event: only the signature can tell.
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("Barbara", "Barbarb", StringComparison.Ordinal));
        Assert.Equal(body.Length, tampered.Length);

        Assert.Equal(HttpStatusCode.Unauthorized, await SignedDelivery.PostAsync(app.BaseUrl, tampered, eventId, signature));

        Assert.Equal(HttpStatusCode.OK, (await browser.MeAsync()).Status);
        Assert.Empty(await app.QueryAsync("SELECT id FROM sessions WHERE ended IS NOT NULL"));
        Assert.Empty(await app.QueryAsync($"SELECT id FROM processed_events WHERE id = '{eventId}'"));
    }

    [Fact]
    public async Task A_delivery_signed_more_than_five_minutes_ago_is_refused()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        var eventId = SignedDelivery.NewEventId();
        var body = SignedDelivery.UserEvent(eventId, "user.created", UserId, UserName, active: true);

        var status = await SignedDelivery.PostAsync(app.BaseUrl, body, eventId, SignedDelivery.Sign(body, Now.AddMinutes(-6), Secret));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(await app.QueryAsync("SELECT id FROM users"));
    }

    [Fact]
    public async Task A_delivery_signed_with_another_secret_is_refused()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        var eventId = SignedDelivery.NewEventId();
        var body = SignedDelivery.UserEvent(eventId, "user.created", UserId, UserName, active: true);

        var status = await SignedDelivery.PostAsync(app.BaseUrl, body, eventId, SignedDelivery.Sign(body, Now, "whsec_someone_else"));

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Empty(await app.QueryAsync("SELECT id FROM users"));
    }

    [Fact]
    public async Task During_a_secret_rotation_any_matching_v1_is_accepted()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        var eventId = SignedDelivery.NewEventId();
        var body = SignedDelivery.UserEvent(eventId, "user.created", UserId, UserName, active: true);

        var status = await SignedDelivery.PostAsync(app.BaseUrl, body, eventId, SignedDelivery.Sign(body, Now, "whsec_the_new_one", Secret));

        Assert.Equal(HttpStatusCode.NoContent, status);
        Assert.Single(await app.QueryAsync("SELECT id FROM users"));
    }

    [Fact]
    public async Task An_event_delivered_twice_is_applied_once()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        using var browser = app.NewBrowser();
        await DeliverAsync(app, "user.created", active: true);
        var deactivation = SignedDelivery.NewEventId();
        var body = SignedDelivery.UserEvent(deactivation, "user.deactivated", UserId, UserName, active: false);
        Assert.Equal(HttpStatusCode.NoContent, await SignedDelivery.PostAsync(app.BaseUrl, body, deactivation, SignedDelivery.Sign(body, Now, Secret)));
        Assert.Equal(HttpStatusCode.NoContent, await DeliverAsync(app, "user.reactivated", active: true));

        // The same deactivation again (a retry whose first 2xx got lost): acknowledged, not applied a second time.
        var again = await SignedDelivery.PostAsync(app.BaseUrl, body, deactivation, SignedDelivery.Sign(body, Now, Secret), attempt: 2);

        Assert.Equal(HttpStatusCode.NoContent, again);
        Assert.Equal(HttpStatusCode.Redirect, await browser.SignInAsync(UserName));
        Assert.Equal(HttpStatusCode.OK, (await browser.MeAsync()).Status);
        Assert.Equal(3, (await app.QueryAsync("SELECT id FROM processed_events")).Count);
    }

    [Fact]
    public async Task An_event_id_header_that_differs_from_the_signed_body_is_refused()
    {
        await using var app = await SaasAppServer.StartWebhooksAsync(Secret);
        var eventId = SignedDelivery.NewEventId();
        var body = SignedDelivery.UserEvent(eventId, "user.created", UserId, UserName, active: true);

        var status = await SignedDelivery.PostAsync(app.BaseUrl, body, SignedDelivery.NewEventId(), SignedDelivery.Sign(body, Now, Secret));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Empty(await app.QueryAsync("SELECT id FROM users"));
    }

    [Fact]
    public async Task A_receiver_can_be_registered_at_its_url_before_it_starts()
    {
        var url = SaasAppServer.FreeLoopbackUrl();

        await using var app = await SaasAppServer.StartWebhooksAsync(Secret, $"--urls={url}");

        Assert.Equal(url, app.BaseUrl);
        Assert.Equal(HttpStatusCode.NoContent, await DeliverAsync(app, "user.created", active: true));
    }

    [Fact]
    public async Task Webhooks_mode_without_a_secret_does_not_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SaasAppServer.StartWebhooksAsync(""));

        Assert.Contains("WebhookSecret", error.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> DeliverAsync(SaasAppServer app, string type, bool active)
    {
        var eventId = SignedDelivery.NewEventId();
        var body = SignedDelivery.UserEvent(eventId, type, UserId, UserName, active);
        return await SignedDelivery.PostAsync(app.BaseUrl, body, eventId, SignedDelivery.Sign(body, Now, Secret));
    }
}
