using Provisio.Scim.Errors;
using Provisio.Scim.Messages;

namespace Provisio.Scim.Tests.Messages;

public sealed class PageRequestTests
{
    private const int DefaultCount = 100;
    private const int MaxCount = 1000;

    [Theory]
    [InlineData(null, null, 1, DefaultCount)]
    [InlineData("", "", 1, DefaultCount)]
    [InlineData("  ", "  ", 1, DefaultCount)]
    [InlineData("3", "10", 3, 10)]
    [InlineData("+3", "+10", 3, 10)]
    [InlineData("1", null, 1, DefaultCount)]
    [InlineData("0", null, 1, DefaultCount)]
    [InlineData("-5", null, 1, DefaultCount)]
    [InlineData("-99999999999", null, 1, DefaultCount)]
    [InlineData("99999999999", null, int.MaxValue, DefaultCount)]
    [InlineData(null, "0", 1, 0)]
    [InlineData(null, "-1", 1, 0)]
    [InlineData(null, "1000", 1, MaxCount)]
    [InlineData(null, "1001", 1, MaxCount)]
    [InlineData(null, "99999999999", 1, MaxCount)]
    public void Reads_startIndex_and_count_leniently_as_RFC_7644_asks(string? startIndex, string? count, int expectedStart, int expectedCount)
    {
        var page = PageRequest.From(startIndex, count, DefaultCount, MaxCount);

        Assert.Equal(new PageRequest(expectedStart, expectedCount), page);
    }

    [Theory]
    [InlineData("abc", null, "startIndex")]
    [InlineData("1.5", null, "startIndex")]
    [InlineData("1e3", null, "startIndex")]
    [InlineData(null, "ten", "count")]
    [InlineData(null, "10abc", "count")]
    [InlineData("1", "0x10", "count")]
    public void A_non_numeric_value_is_refused_with_400_invalidValue(string? startIndex, string? count, string parameter)
    {
        var error = Assert.Throws<ScimException>(() => PageRequest.From(startIndex, count, DefaultCount, MaxCount));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorType.InvalidValue, error.ScimType);
        Assert.Contains($"'{parameter}'", error.Message, StringComparison.Ordinal);
    }
}
