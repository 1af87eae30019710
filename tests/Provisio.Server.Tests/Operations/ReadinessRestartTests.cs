#if POSTGRES
using System.Net;
using Provisio.Server.Tests.Support;
using Provisio.Tests.Support;

namespace Provisio.Server.Tests.Operations;

/// <summary>
/// <c>/readyz</c> follows the database: 503 while PostgreSQL is stopped, 200 again when it is back, while
/// <c>/healthz</c> stays 200 throughout. Runs alone, in the collection that may stop the test process's PostgreSQL.
/// </summary>
[Collection(nameof(DatabaseRestartGroup))]
public sealed class ReadinessRestartTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Readiness_is_503_while_postgres_is_stopped_and_200_when_it_is_back()
    {
        using var http = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        var cluster = await PostgresCluster.GetAsync();

        cluster.Stop();
        try
        {
            using var down = await http.GetAsync("/readyz");
            using var alive = await http.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("Unhealthy", await down.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        }
        finally
        {
            cluster.Start();
        }

        // The pool may hand out a connection that died with the old server once; the probe after it is on a new one.
        var back = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 20 && back != HttpStatusCode.OK; attempt++)
        {
            using var response = await http.GetAsync("/readyz");
            back = response.StatusCode;
            if (back != HttpStatusCode.OK)
            {
                await Task.Delay(250);
            }
        }
        Assert.Equal(HttpStatusCode.OK, back);
    }
}
#endif
