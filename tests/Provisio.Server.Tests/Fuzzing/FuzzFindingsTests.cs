using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// What <see cref="FuzzTests"/> found, each reduced to one request and kept as a regression test. A new finding is
/// skipped while its bug is open, and the fuzzer leaves the pattern out meanwhile (<see cref="KnownBugs"/>).
/// </summary>
public sealed class FuzzFindingsTests(ProvisioFactory factory) : IClassFixture<ProvisioFactory>
{
    private const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    private const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private const string SearchRequest = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

    public static TheoryData<string, string> DuplicateNames => new()
    {
        { "/Users", $$"""{"schemas":["{{User}}"],"userName":"dup@example.com","userName":"dup2@example.com"}""" },
        { "/Users", $$"""{"schemas":["{{User}}"],"userName":"dup3@example.com","emails":[{"value":"a@example.com","value":"b@example.com"}]}""" },
        { "/Users/.search", $$"""{"schemas":["{{SearchRequest}}"],"filter":"userName pr","filter":"userName pr"}""" },
        { "PATCH", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"replace","op":"replace","path":"title","value":"x"}]}""" },
    };

    public static TheoryData<string, string> LoneSurrogates => new()
    {
        { "/Users", $$"""{"schemas":["{{User}}"],"userName":"\ud800"}""" },
        { "/Users", $$"""{"schemas":["{{User}}"],"userName":"lone@example.com","\udc00":1}""" },
        { "/Users/.search", $$"""{"schemas":["{{SearchRequest}}"],"filter":"\ud800"}""" },
        { "PATCH", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"\udc00","path":"title","value":"x"}]}""" },
        { "PATCH", $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"replace","path":"title","value":"\ud800"}]}""" },
    };

    [Theory]
    [MemberData(nameof(DuplicateNames))]
    public async Task Duplicate_property_names_in_a_body_are_a_400_not_a_500(string path, string body)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await SendAsync(scim, path, Encoding.UTF8.GetBytes(body));

        response.AssertError(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_escape_in_a_body_is_a_400_not_a_500(string path, string body)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await SendAsync(scim, path, Encoding.UTF8.GetBytes(body));

        response.AssertError(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/Users", "{\"schemas\":[\"" + User + "\"],\"userName\":\"bad@example.com\",\"x\u00ff\":1}")]
    [InlineData("/Users", "{\"schemas\":[\"" + User + "\"],\"userName\":\"bad\u00ff@example.com\"}")]
    [InlineData("/Users/.search", "{\"schemas\":[\"" + SearchRequest + "\"],\"filter\":\"userName eq \\\"\u00ff\\\"\"}")]
    public async Task Invalid_utf8_in_a_well_formed_body_is_a_400_not_a_500(string path, string body)
    {
        var scim = await factory.CreateTenantAsync();
        // U+00FF marks where the single byte 0xFF goes, which is not UTF-8.
        var bytes = Encoding.UTF8.GetBytes(body).ToList();
        var at = Encoding.UTF8.GetByteCount(body[..body.IndexOf('\u00ff', StringComparison.Ordinal)]);
        bytes.RemoveRange(at, 2);
        bytes.Insert(at, 0xFF);

        var response = await SendAsync(scim, path, [.. bytes]);

        response.AssertError(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("or", 1_000)]
    [InlineData("not", 5_000)]
    public async Task A_deeply_nested_filter_is_a_400_not_a_500(string shape, int depth)
    {
        var scim = await factory.CreateTenantAsync();
        var filter = shape == "or"
            ? string.Join(" or ", Enumerable.Range(0, depth).Select(i => $"userName eq \"u{i}\""))
            : string.Concat(Enumerable.Repeat("not (", depth)) + "userName pr" + new string(')', depth);

        var response = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString(filter));

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.Status} {response.Body}");
        if (response.Status == HttpStatusCode.BadRequest)
        {
            response.AssertError(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task A_member_id_with_a_NUL_is_refused_not_a_500()
    {
        var scim = await factory.CreateTenantAsync();
        var group = (string)(await scim.CreateGroupAsync("nul"))["id"]!;
        var body = $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{group}}\u0000"}]}]}""";

        var response = await SendAsync(scim, "/Groups/" + group, Encoding.UTF8.GetBytes(body), new HttpMethod("PATCH"));

        Assert.True((int)response.Status is >= 400 and < 500, $"{(int)response.Status} {response.Body}");
    }

    [Fact]
    public async Task A_filter_value_with_a_NUL_is_answered_not_a_500()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("displayName sw \"\\u0000\""));

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.Status} {response.Body}");
    }

    [Fact]
    public async Task A_long_email_is_stored_or_refused_not_a_500()
    {
        var scim = await factory.CreateTenantAsync();
        var body = ScimClient.NewUser("long@example.com");
        // Random, so that PostgreSQL cannot compress it under its btree limit.
        var random = new byte[3_000];
        new Random(6).NextBytes(random);
        body["emails"]![0]!["value"] = Convert.ToBase64String(random) + "@example.com";

        var response = await scim.PostAsync("/Users", body);

        Assert.True(response.Status is HttpStatusCode.Created || (int)response.Status is >= 400 and < 500, $"{(int)response.Status} {response.Body}");
    }

    /// <summary>POSTs the body to the path, or PATCHes a fresh user with it when the path is "PATCH".</summary>
    private static async Task<ScimResponse> SendAsync(ScimClient scim, string path, byte[] body, HttpMethod? method = null)
    {
        method ??= HttpMethod.Post;
        if (path == "PATCH")
        {
            method = new HttpMethod("PATCH");
            path = "/Users/" + (string)(await scim.CreateUserAsync($"target{Guid.NewGuid():N}@example.com"))["id"]!;
        }
        using var request = new HttpRequestMessage(method, scim.BasePath + path) { Content = new ByteArrayContent(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", scim.Token);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/scim+json");
        using var response = await scim.Http.SendAsync(request);
        return new ScimResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers, response.Content.Headers);
    }
}
