using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Http;

/// <summary>Request bodies of every size are read whole, declared with Content-Length or streamed without one.</summary>
public sealed class RequestBodyTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    [Theory]
    [InlineData(100, true)]
    [InlineData(100, false)]
    [InlineData(200_000, true)]
    [InlineData(200_000, false)]
    public async Task A_body_is_read_whole_with_or_without_a_declared_length(int titleLength, bool declared)
    {
        var scim = await factory.CreateTenantAsync();
        var user = ScimClient.NewUser($"body{titleLength}{declared}@example.com");
        user["title"] = Title(titleLength);

        var (status, created) = await PostAsync(scim, user, declared);

        Assert.Equal(HttpStatusCode.Created, status);
        var stored = await scim.GetAsync($"/Users/{(string)JsonNode.Parse(created)!["id"]!}");
        Assert.Equal(Title(titleLength), (string)stored.Json["title"]!);
    }

    [Fact]
    public async Task A_streamed_body_over_the_limit_is_413_and_nothing_is_written()
    {
        using var small = new ProvisioFactory();
        small.Settings["Provisio:MaxPayloadBytes"] = "10000";
        var scim = await small.CreateTenantAsync();
        var user = ScimClient.NewUser("streamed@example.com");
        user["title"] = Title(20_000);

        var (status, _) = await PostAsync(scim, user, declared: false, small);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(0, (int)(await scim.GetAsync("/Users")).Json["totalResults"]!);
    }

    /// <summary>Distinct characters throughout, so a byte lost or repeated at a buffer's edge shows.</summary>
    private static string Title(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i * 7 % 26))));

    /// <summary>
    /// Posts straight to the test server: a stream that cannot seek goes without Content-Length, in chunks. (The
    /// factory's own client reads a body whole before sending it.)
    /// </summary>
    private async Task<(HttpStatusCode Status, string Body)> PostAsync(ScimClient scim, JsonObject user, bool declared, ProvisioFactory? server = null)
    {
        server ??= factory;
        using var http = new HttpClient(server.Server.CreateHandler()) { BaseAddress = server.Server.BaseAddress };
        var bytes = Encoding.UTF8.GetBytes(user.ToJsonString());
        HttpContent content;
        if (declared)
        {
            content = new ByteArrayContent(bytes);
        }
        else
        {
            // Unbounded, so the whole body can be written before the request is sent.
            var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
            await pipe.Writer.WriteAsync(bytes);
            await pipe.Writer.CompleteAsync();
            content = new StreamContent(pipe.Reader.AsStream());
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, scim.BasePath + "/Users") { Content = content };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/scim+json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        using var response = await http.SendAsync(request);
        Assert.Equal(declared, request.Content.Headers.ContentLength is not null);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
