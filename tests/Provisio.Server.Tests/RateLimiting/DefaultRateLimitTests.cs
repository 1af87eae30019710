using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.RateLimiting;

public sealed class DefaultRateLimitTests : IDisposable
{
    private readonly ProvisioFactory factory = new();

    [Fact]
    public async Task A_5000_user_okta_push_as_fast_as_it_can_never_meets_a_429_under_the_defaults()
    {
        var scim = await factory.CreateTenantAsync();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();

        // Okta's first push: for each user, look up by userName, then create (8 at a time, no pause).
        await Parallel.ForEachAsync(Enumerable.Range(0, 5_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var userName = $"okta.user{i}@example.com";
            statuses.Add((await scim.GetAsync($"/Users?filter={Uri.EscapeDataString($"userName eq \"{userName}\"")}&startIndex=1&count=100")).Status);
            statuses.Add((await scim.PostAsync("/Users", ScimClient.NewUser(userName))).Status);
        });

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(5_000, statuses.Count(s => s == HttpStatusCode.Created));
    }

    [Fact]
    public async Task Rate_limits_can_be_switched_off()
    {
        using var unlimited = new ProvisioFactory
        {
            Settings = { ["Provisio:RateLimits:Enabled"] = "false", ["Provisio:RateLimits:Scim:Burst"] = "1" },
        };
        var scim = await unlimited.CreateTenantAsync();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        }
    }

    [Fact]
    public async Task A_rate_of_zero_is_refused_at_start_up()
    {
        var app = ServerHost.Build([
            "--urls=http://127.0.0.1:0",
            $"--Provisio:Storage:DataDirectory={factory.DataDirectory}",
            "--Provisio:RateLimits:Scim:PermitsPerSecond=0",
        ]);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

            Assert.Contains("RateLimits", error.Message, StringComparison.Ordinal);
        }
    }

    public void Dispose() => factory.Dispose();
}
