using System.Net;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Operations;

/// <summary><c>/healthz</c> and <c>/readyz</c> over HTTP: anonymous, 200 while the process serves and the database answers.</summary>
public sealed class HealthEndpointTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Fact]
    public async Task Liveness_answers_200_without_a_token()
    {
        using var http = factory.CreateClient();

        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_answers_200_once_the_database_is_migrated()
    {
        using var http = factory.CreateClient();

        using var first = await http.GetAsync("/readyz");
        // The second probe takes the remembered migration check and only pings the database.
        using var second = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("Healthy", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Probes_ignore_a_wrong_token()
    {
        using var http = factory.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "scim_wrong");

        using var ready = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_not_served_unless_prometheus_is_enabled()
    {
        using var http = factory.CreateClient();

        using var response = await http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
