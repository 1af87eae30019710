using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// What <see cref="FuzzTests"/> found, each reduced to one request. Skipped while the bug is open; the fuzzer leaves
/// the pattern out meanwhile (<see cref="KnownBugs"/>).
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

    [Theory(Skip = "bug: JsonObject throws ArgumentException on a duplicate property name when a handler first reads the object (ResourceValidator.ReadComplex, JsonNames.GetIgnoreCase, SearchRequest, PatchRequestReader); ScimRequestReader does not reject duplicates, so it is a 500")]
    [MemberData(nameof(DuplicateNames))]
    public async Task Duplicate_property_names_in_a_body_are_a_400_not_a_500(string path, string body)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await SendAsync(scim, path, Encoding.UTF8.GetBytes(body));

        response.AssertError(HttpStatusCode.BadRequest);
    }

    [Theory(Skip = "bug: a \\uD800-style escape parses, then reading the string or name throws InvalidOperationException (PatchRequestReader.cs:51, SearchRequest.cs:39/59, ResourceValidator.cs:193/222, JsonNames.cs:10), a 500")]
    [MemberData(nameof(LoneSurrogates))]
    public async Task A_lone_surrogate_escape_in_a_body_is_a_400_not_a_500(string path, string body)
    {
        var scim = await factory.CreateTenantAsync();

        var response = await SendAsync(scim, path, Encoding.UTF8.GetBytes(body));

        response.AssertError(HttpStatusCode.BadRequest);
    }

    [Theory(Skip = "bug: JsonNode.Parse in ScimRequestReader accepts invalid UTF-8 inside strings and names; reading them later throws (DecoderFallbackException, InvalidOperationException), a 500")]
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

    [Theory(Skip = "bug: a filter nested 1,000+ deep (or-terms; 5,000 not()) parses into a deep FilterNode tree whose SQL SQLite refuses with 'Recursion limit' (SqlResourceStore.ListAsync, the COUNT at line 140), a 500")]
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

#if POSTGRES
    [Fact(Skip = "bug (PostgreSQL only): a member value with U+0000 reaches MembershipRows.ResolveAsync (line 154) as a text parameter; PostgreSQL refuses it (22021 invalid byte sequence 0x00), a 500")]
#else
    [Fact]
#endif
    public async Task A_member_id_with_a_NUL_is_refused_not_a_500()
    {
        var scim = await factory.CreateTenantAsync();
        var group = (string)(await scim.CreateGroupAsync("nul"))["id"]!;
        var body = $$"""{"schemas":["{{PatchOp}}"],"Operations":[{"op":"add","path":"members","value":[{"value":"{{group}}\u0000"}]}]}""";

        var response = await SendAsync(scim, "/Groups/" + group, Encoding.UTF8.GetBytes(body), new HttpMethod("PATCH"));

        Assert.True((int)response.Status is >= 400 and < 500, $"{(int)response.Status} {response.Body}");
    }

#if POSTGRES
    [Fact(Skip = "bug (PostgreSQL only): a filter value with U+0000 is bound as a text parameter of the COUNT in SqlResourceStore.ListAsync (line 140); PostgreSQL refuses it (22021 invalid byte sequence 0x00), a 500")]
#else
    [Fact]
#endif
    public async Task A_filter_value_with_a_NUL_is_answered_not_a_500()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.GetAsync("/Users?filter=" + Uri.EscapeDataString("displayName sw \"\\u0000\""));

        Assert.True(response.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response.Status} {response.Body}");
    }

#if POSTGRES
    [Fact(Skip = "bug (PostgreSQL only): an emails value over ~2,700 bytes goes into resource_values, whose btree index ix_resource_values_lookup refuses it (54000 index row size exceeds maximum 2704) in SqlResourceStore.WriteValuesAsync (line 292), a 500")]
#else
    [Fact]
#endif
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
