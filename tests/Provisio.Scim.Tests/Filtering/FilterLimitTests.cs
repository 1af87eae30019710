using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;

namespace Provisio.Scim.Tests.Filtering;

public sealed class FilterLimitTests
{
    [Fact]
    public void A_filter_at_the_length_limit_parses()
    {
        var value = new string('a', FilterParser.MaxLength - "userName eq \"\"".Length);

        Assert.IsType<ComparisonFilter>(FilterParser.Parse($"userName eq \"{value}\""));
    }

    [Fact]
    public void A_filter_over_the_length_limit_is_invalid_filter()
    {
        var value = new string('a', FilterParser.MaxLength);

        var error = Assert.Throws<ScimException>(() => FilterParser.Parse($"userName eq \"{value}\""));

        Assert.Equal("invalidFilter", error.ScimType);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("not (", ")")]
    public void Nesting_deeper_than_the_limit_is_invalid_filter_not_a_stack_overflow(string open, string close)
    {
        string Nested(int depth) => string.Concat(Enumerable.Repeat(open, depth)) + "userName eq \"a\"" + string.Concat(Enumerable.Repeat(close, depth));

        Assert.NotNull(FilterParser.Parse(Nested(FilterParser.MaxNesting)));
        var error = Assert.Throws<ScimException>(() => FilterParser.Parse(Nested(FilterParser.MaxNesting + 1)));
        Assert.Equal("invalidFilter", error.ScimType);
        Assert.Contains("nests", error.Message, StringComparison.Ordinal);
    }
}
