using System.Net;
using Provisio.Server.Tests.Support;
using Provisio.Tests.Support;

namespace Provisio.Server.Tests;

/// <summary>Runs alone: it stops the test process's PostgreSQL server.</summary>
[CollectionDefinition(nameof(DatabaseRestartGroup), DisableParallelization = true)]
public sealed class DatabaseRestartGroup;

/// <summary>A database that goes away gives 503 with Retry-After; the server recovers by itself when it is back.</summary>
[Collection(nameof(DatabaseRestartGroup))]
public sealed class DatabaseRestartTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task A_lost_database_is_503_with_retry_after_and_the_server_recovers_when_it_returns()
    {
        var scim = await factory.CreateTenantAsync();
        var user = await scim.CreateUserAsync("survivor@example.com");
        var cluster = await PostgresCluster.GetAsync();

        cluster.Stop();
        try
        {
            var down = await scim.GetAsync($"/Users/{user["id"]}");
            down.AssertError(HttpStatusCode.ServiceUnavailable);
            Assert.True(down.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 must say when to retry");
            var write = await scim.PostAsync("/Users", ScimClient.NewUser("lost@example.com"));
            write.AssertError(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            cluster.Start();
        }

        ScimResponse? back = null;
        for (var attempt = 0; attempt < 20 && back?.Status != HttpStatusCode.OK; attempt++)
        {
            back = await scim.GetAsync($"/Users/{user["id"]}");
            if (back.Status != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }
        Assert.Equal(HttpStatusCode.OK, back!.Status);
        Assert.Equal(HttpStatusCode.Created, (await scim.PostAsync("/Users", ScimClient.NewUser("after@example.com"))).Status);
        Assert.Equal(2, (int)(await scim.GetAsync("/Users")).Json["totalResults"]!);
    }
}
