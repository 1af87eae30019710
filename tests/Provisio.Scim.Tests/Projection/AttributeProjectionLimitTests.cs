using Provisio.Scim.Errors;
using Provisio.Scim.Projection;

namespace Provisio.Scim.Tests.Projection;

public sealed class AttributeProjectionLimitTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_list_of_more_than_the_allowed_attributes_is_invalid_value(bool excluded)
    {
        var list = string.Join(",", Enumerable.Range(0, AttributeProjection.MaxPaths + 1).Select(i => $"a{i}"));

        var error = Assert.Throws<ScimException>(() => excluded ? AttributeProjection.Parse(null, list) : AttributeProjection.Parse(list, null));

        Assert.Equal(400, error.Status);
        Assert.Equal("invalidValue", error.ScimType);
    }

    [Fact]
    public void A_very_long_attribute_list_is_invalid_value()
    {
        var error = Assert.Throws<ScimException>(() => AttributeProjection.Parse("userName," + new string('x', AttributeProjection.MaxLength), null));

        Assert.Equal("invalidValue", error.ScimType);
    }

    [Fact]
    public void A_list_at_the_limit_is_accepted()
    {
        var list = string.Join(",", Enumerable.Range(0, AttributeProjection.MaxPaths).Select(i => $"a{i}"));

        Assert.NotNull(AttributeProjection.Parse(list, null));
    }
}
