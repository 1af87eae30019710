using System.Diagnostics;
using System.Net;
using Provisio.Samples.Tests.Support;
using Xunit.Abstractions;

namespace Provisio.Samples.Tests.EndToEnd;

/// <summary>
/// The whole chain, in both ways of connecting the sample: users signed in with an API key each, deactivated one after
/// another by an Okta-style SCIM PATCH; each one's session and key are refused soon after the SCIM response. The time
/// from the response to the refusal is printed for each mode (a measurement, not an assertion).
/// </summary>
public sealed class LeaverEndToEndTests(ITestOutputHelper output)
{
    private const int Deactivations = 100;

    /// <summary>Generous, for a loaded machine: the point is that the refusal comes, not how fast.</summary>
    private static readonly TimeSpan RefusalTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Embedded_each_deactivation_refuses_the_users_session_and_api_key()
    {
        await using var app = await SaasAppServer.StartEmbeddedAsync();
        using var okta = new OktaScim(new Uri(app.BaseUrl, "/scim/v2/default/"), app.ScimToken!);

        Report("embedded (in-process handler)", await DeactivateEachAsync(app, okta));
    }

    [Fact]
    public async Task Webhooks_each_deactivation_refuses_the_users_session_and_api_key()
    {
        var (provisio, token) = await ProvisioService.StartAsync();
        await using var service = provisio;
        var url = SaasAppServer.FreeLoopbackUrl();
        var secret = await provisio.AddWebhookAsync(new Uri(url, "/webhooks/provisio"));
        await using var app = await SaasAppServer.StartWebhooksAsync(secret, $"--urls={url}");
        using var okta = new OktaScim(provisio.ScimUrl, token);

        Report("webhooks (provisio as a service)", await DeactivateEachAsync(app, okta));
    }

    private static async Task<List<TimeSpan>> DeactivateEachAsync(SaasAppServer app, OktaScim okta)
    {
        var users = new List<(string Id, AppClient Browser, string Key)>();
        for (var i = 0; i < Deactivations; i++)
        {
            var userName = $"leaver{i}@example.com";
            var id = await okta.CreateUserAsync(userName);
            var browser = app.NewBrowser();
            await Eventually.HoldsAsync(async () => await browser.SignInAsync(userName) == HttpStatusCode.Redirect, $"{userName} signs in");
            var (_, key) = await browser.CreateApiKeyAsync("laptop");
            Assert.Equal(HttpStatusCode.OK, (await browser.MeAsync()).Status);
            Assert.Equal(HttpStatusCode.OK, (await browser.WhoAmIAsync(key)).Status);
            users.Add((id, browser, key));
        }

        var latencies = new List<TimeSpan>();
        foreach (var (id, browser, key) in users)
        {
            Assert.Equal(HttpStatusCode.OK, (await okta.DeactivateAsync(id)).Status);
            var since = Stopwatch.StartNew();
            while ((await browser.MeAsync()).Status == HttpStatusCode.OK || (await browser.WhoAmIAsync(key)).Status == HttpStatusCode.OK)
            {
                Assert.True(since.Elapsed < RefusalTimeout, $"user {id} still has a session or a key {RefusalTimeout.TotalSeconds} s after the deactivation");
            }
            latencies.Add(since.Elapsed);
            var me = await browser.MeAsync();
            Assert.Equal(HttpStatusCode.Redirect, me.Status);
            Assert.Equal("/signin", me.Location!.AbsolutePath);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.WhoAmIAsync(key)).Status);
            browser.Dispose();
        }
        Assert.Single(await app.QueryAsync($"SELECT id FROM api_keys WHERE user_id = '{users[^1].Id}' AND disabled IS NOT NULL"));
        return latencies;
    }

    private void Report(string mode, List<TimeSpan> latencies)
    {
        var sorted = latencies.Select(l => l.TotalMilliseconds).Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        output.WriteLine($"{mode}: SCIM response → session and API key refused, {sorted.Count} deactivations: "
            + $"p50 {At(0.50):F1} ms, p90 {At(0.90):F1} ms, p99 {At(0.99):F1} ms, max {sorted[^1]:F1} ms");
    }
}
