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

    private static (int, string?, string) Describe(ScimException error) => (error.Status, error.ScimType, error.Message);
}
