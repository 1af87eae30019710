using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Filtering;

public sealed class FilterCostTests
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    private static FilterCost Cost(string filter, string type = "User") =>
        FilterCost.Of(FilterBinder.Bind(FilterParser.Parse(filter), Registry.FindResourceType(type)!));

    public static TheoryData<string, int, int, bool> UserFilters => new()
    {
        // The lookups IdPs send on every sync, in any spelling.
        { "userName eq \"bjensen\"", 1, 0, true },
        { "USERNAME eq \"bjensen\"", 1, 0, true },
        { "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen\"", 1, 0, true },
        { "externalId eq \"x\"", 1, 0, true },
        { "id eq \"x\"", 1, 0, true },
        { "emails eq \"b@example.com\"", 1, 0, true },
        { "emails.value eq \"b@example.com\"", 1, 0, true },
        { "emails[type eq \"work\" and value eq \"b@example.com\"]", 2, 0, true },
        { "groups eq \"g1\"", 1, 0, true },
        // An index narrows an and: the other side reads few documents.
        { "userName eq \"b\" and nickName pr", 2, 1, true },
        { "externalId eq \"x\" or userName eq \"y\"", 2, 0, true },
        // Anything else reads every document.
        { "userName eq \"b\" or nickName pr", 2, 1, false },
        { "userName co \"b\"", 1, 1, false },
        { "userName ne \"b\"", 1, 1, false },
        { "userName eq null", 1, 1, false },
        { "not (userName eq \"b\")", 1, 0, false },
        { "nickName pr or nickName pr or nickName pr", 3, 3, false },
        { "urn:a:b:User:k pr", 1, 1, false },
        { "ims[value pr]", 1, 1, false },
        { "emails[type eq \"work\"]", 1, 1, false },
        { "emails[value co \"a\" or value co \"b\"]", 2, 2, false },
        { "emails[type eq \"work\" and value co \"a\"]", 2, 2, false },
    };

    [Theory]
    [MemberData(nameof(UserFilters))]
    public void A_filter_counts_its_conditions_and_those_no_index_serves(string filter, int terms, int scanTerms, bool indexed)
    {
        Assert.Equal(new FilterCost(terms, scanTerms, indexed), Cost(filter));
    }

    [Fact]
    public void Group_members_eq_is_a_lookup()
    {
        Assert.Equal(new FilterCost(2, 0, true), Cost("displayName eq \"a\" and members[value eq \"u1\"]", "Group"));
    }

    [Fact]
    public void Default_limits_accept_what_idps_send()
    {
        foreach (var filter in new[]
        {
            "userName eq \"b@example.com\"", "externalId eq \"00u1\"", "emails[type eq \"work\"].value eq \"b@example.com\"",
            "userName eq \"b\" and externalId eq \"x\"", "name.familyName co \"jen\" or name.givenName co \"jen\" or emails co \"jen\"",
        })
        {
            FilterLimits.Default.Check(FilterBinder.Bind(FilterParser.Parse(filter), Registry.User));
        }
    }

    [Theory]
    [InlineData("nickName pr", 11, "no index serves")]
    [InlineData("userName eq \"x\"", 101, "conditions; the limit is 100")]
    public void A_filter_over_a_limit_is_invalid_filter_too_complex(string term, int times, string reason)
    {
        FilterNode Repeated(int count) => FilterBinder.Bind(FilterParser.Parse(string.Join(" or ", Enumerable.Repeat(term, count))), Registry.User);

        Assert.Equal(times - 1, FilterLimits.Default.Check(Repeated(times - 1)).Terms);
        var error = Assert.Throws<ScimException>(() => FilterLimits.Default.Check(Repeated(times)));
        Assert.Equal(400, error.Status);
        Assert.Equal("invalidFilter", error.ScimType);
        Assert.Contains("too complex", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
