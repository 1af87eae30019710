using Provisio.Scim.Errors;

namespace Provisio.Scim.Tests.Errors;

public sealed class ScimErrorTests
{
    [Theory]
    [InlineData(400, ScimErrorType.InvalidFilter, "Bad filter.", """{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "400", "scimType": "invalidFilter", "detail": "Bad filter." }""")]
    [InlineData(404, null, "Resource 1 not found.", """{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "404", "detail": "Resource 1 not found." }""")]
    [InlineData(500, null, "", """{ "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "status": "500" }""")]
    public void The_error_body_has_the_status_as_a_string_and_only_the_members_that_are_set(int status, string? scimType, string? detail, string expected)
    {
        JsonAssert.Equal(expected, ScimError.ToJson(status, scimType, detail));
    }

    [Fact]
    public void The_shortcuts_set_the_status_and_scimType()
    {
        Assert.Equal((400, ScimErrorType.Mutability, "d"), Describe(ScimException.BadRequest(ScimErrorType.Mutability, "d")));
        Assert.Equal((404, (string?)null, "d"), Describe(ScimException.NotFound("d")));
        Assert.Equal((409, ScimErrorType.Uniqueness, "d"), Describe(ScimException.Conflict("d")));
    }

    [Fact]
    public void A_detail_longer_than_the_limit_is_cut_whatever_the_input_held()
    {
        var body = ScimError.ToJson(400, ScimErrorType.InvalidValue, new string('x', 100_000));

        var detail = (string)body["detail"]!;
        Assert.Equal(ErrorText.MaxDetailLength, detail.Length);
        Assert.EndsWith("…", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void An_excerpt_never_splits_a_surrogate_pair()
    {
        var excerpt = ErrorText.Excerpt(new string('a', 62) + "😀😀😀", 64);

        Assert.Equal(new string('a', 62) + "…", excerpt);
    }

    private static (int, string?, string) Describe(ScimException error) => (error.Status, error.ScimType, error.Message);
}
