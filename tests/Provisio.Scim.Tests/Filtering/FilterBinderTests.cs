using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Filtering;

public sealed class FilterBinderTests
{
    private const string Enterprise = ScimSchemas.EnterpriseUser;
    private const string Undeclared = "urn:example:params:scim:schemas:extension:acme:2.0:User";

    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    /// <summary>(filter as sent, the same filter as the binder should rewrite it), both as filter text.</summary>
    public static TheoryData<string, string> UserCanonicalForms => new()
    {
        // Names take the schema's spelling.
        { "USERNAME eq \"bjensen\"", "userName eq \"bjensen\"" },
        { "username EQ \"bjensen\"", "userName eq \"bjensen\"" },
        { "NAME.FAMILYNAME co \"jen\"", "name.familyName co \"jen\"" },
        { "Emails.Value sw \"b\"", "emails.value sw \"b\"" },
        { "emails.TYPE eq \"work\"", "emails.type eq \"work\"" },
        { "TITLE pr", "title pr" },
        { "ID eq \"2819c223\"", "id eq \"2819c223\"" },
        { "EXTERNALID eq \"ext-1\"", "externalId eq \"ext-1\"" },
        { "META.CREATED gt \"2026-01-01T00:00:00Z\"", "meta.created gt \"2026-01-01T00:00:00Z\"" },
        { "meta.LASTMODIFIED le \"2026-01-01T00:00:00+02:00\"", "meta.lastModified le \"2026-01-01T00:00:00+02:00\"" },
        { "META.RESOURCETYPE eq \"User\"", "meta.resourceType eq \"User\"" },
        // A core-URN-qualified name is the plain name; an extension URN takes the schema's spelling.
        { "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bjensen\"", "userName eq \"bjensen\"" },
        { "URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:USERNAME eq \"bjensen\"", "userName eq \"bjensen\"" },
        { $"{Enterprise.ToUpperInvariant()}:EMPLOYEENUMBER eq \"701984\"", $"{Enterprise}:employeeNumber eq \"701984\"" },
        { $"{Enterprise}:MANAGER.VALUE eq \"26118915\"", $"{Enterprise}:manager.value eq \"26118915\"" },
        { $"{Enterprise}:department pr", $"{Enterprise}:department pr" },
        // A multi-valued complex attribute compared as a whole means its "value".
        { "emails eq \"bjensen@example.com\"", "emails.value eq \"bjensen@example.com\"" },
        { "EMAILS co \"@example\"", "emails.value co \"@example\"" },
        { "phoneNumbers ew \"1234\"", "phoneNumbers.value ew \"1234\"" },
        { "groups eq \"e9e30dba\"", "groups.value eq \"e9e30dba\"" },
        { "roles eq null", "roles.value eq null" },
        // …but "pr" on the whole attribute stays on the whole attribute.
        { "emails pr", "emails pr" },
        { "name pr", "name pr" },
        // Value filters: the attribute and its sub-attributes take the schema's spelling.
        { "EMAILS[TYPE eq \"work\"]", "emails[type eq \"work\"]" },
        { "emails[Type eq \"work\" and VALUE co \"@example.com\"]", "emails[type eq \"work\" and value co \"@example.com\"]" },
        { "emails[type eq \"work\"].VALUE eq \"b@example.com\"", "emails[type eq \"work\"].value eq \"b@example.com\"" },
        { "emails[not (PRIMARY eq true) or display pr]", "emails[not (primary eq true) or display pr]" },
        { "ADDRESSES[LOCALITY eq \"Hollywood\"]", "addresses[locality eq \"Hollywood\"]" },
        // Values take the attribute's type.
        { "active eq \"true\"", "active eq true" },
        { "ACTIVE ne \"False\"", "active ne false" },
        { "emails[primary eq \"TRUE\"]", "emails[primary eq true]" },
        { "externalId eq 12345", "externalId eq \"12345\"" },
        { "userName eq 1.5", "userName eq \"1.5\"" },
        { "userName eq null", "userName eq null" },
        { "userName ne null", "userName ne null" },
        { "x509Certificates.value eq \"MIIDQzCC\"", "x509Certificates.value eq \"MIIDQzCC\"" },
        { "x509Certificates eq \"MIIDQzCC\"", "x509Certificates.value eq \"MIIDQzCC\"" },
        { "x509Certificates.value co \"QzCC\"", "x509Certificates.value co \"QzCC\"" },
        // Logical operators keep their shape; only the leaves change.
        {
            "not (USERNAME eq \"a\") and (TITLE pr or emails eq \"b\")",
            "not (userName eq \"a\") and (title pr or emails.value eq \"b\")"
        },
    };

    public static TheoryData<string, string> GroupCanonicalForms => new()
    {
        { "DISPLAYNAME eq \"Sales\"", "displayName eq \"Sales\"" },
        { "members eq \"2819c223\"", "members.value eq \"2819c223\"" },
        { "MEMBERS[VALUE eq \"2819c223\"]", "members[value eq \"2819c223\"]" },
        { "members.DISPLAY co \"jensen\"", "members.display co \"jensen\"" },
        { "urn:ietf:params:scim:schemas:core:2.0:Group:displayName sw \"S\"", "displayName sw \"S\"" },
        { "EXTERNALID eq \"g-1\"", "externalId eq \"g-1\"" },
    };

    /// <summary>Paths under a URN no schema declares: accepted as written, compared by the literal's JSON type.</summary>
    public static TheoryData<string> UndeclaredExtensionFilters => new()
    {
        $"{Undeclared}:badge eq \"42\"",
        $"{Undeclared}:Badge eq \"42\"",
        $"{Undeclared}:level gt 3",
        $"{Undeclared}:level le 3.5",
        $"{Undeclared}:flag eq true",
        $"{Undeclared}:flag ne false",
        $"{Undeclared}:badge co \"4\"",
        $"{Undeclared}:tags eq \"blue\"",
        $"{Undeclared}:office.building sw \"B\"",
        $"{Undeclared}:tags[value eq \"blue\"]",
        $"{Undeclared}:anything pr",
        $"{Undeclared}:anything eq null",
    };

    public static TheoryData<string> UserFiltersTheSchemaForbids => new()
    {
        // An unknown attribute in a declared schema.
        "fooBar eq \"x\"",
        "fooBar pr",
        "urn:ietf:params:scim:schemas:core:2.0:User:fooBar eq \"x\"",
        $"{Enterprise}:fooBar eq \"x\"",
        $"{Enterprise}:manager.fooBar eq \"x\"",
        "name.fooBar eq \"x\"",
        "emails.fooBar eq \"x\"",
        "emails[fooBar eq \"x\"]",
        "emails[type eq \"work\"].fooBar eq \"x\"",
        "fooBar[value eq \"x\"]",
        "meta.fooBar eq \"x\"",
        "members eq \"x\"",
        "userName eq \"a\" and fooBar eq \"x\"",
        "not (fooBar pr)",
        // A sub-attribute of a simple attribute, or a value filter on one.
        "userName.first eq \"x\"",
        "active.value eq true",
        "externalId.value pr",
        $"{Enterprise}:employeeNumber.value eq \"1\"",
        "userName[value eq \"x\"]",
        "title[value pr]",
        // Comparing a singular complex attribute (or a multi-valued one without "value") as a whole.
        "name eq \"Barbara Jensen\"",
        "name ne \"x\"",
        "name co \"Jensen\"",
        "meta eq \"x\"",
        $"{Enterprise}:manager eq \"26118915\"",
        "addresses eq \"Hollywood\"",
        // gt/ge/lt/le on a boolean.
        "active gt true",
        "active ge false",
        "active lt true",
        "active le false",
        "emails.primary gt false",
        "emails[primary ge true]",
        $"{Undeclared}:flag gt true",
        // gt/ge/lt/le on binary.
        "x509Certificates.value gt \"MII\"",
        "x509Certificates.value le \"MII\"",
        "x509Certificates gt \"MII\"",
        // co/sw/ew on numbers, dateTimes and booleans.
        $"{Undeclared}:level co 3",
        $"{Undeclared}:level sw 3",
        $"{Undeclared}:level ew 3",
        "meta.created co \"2026\"",
        "meta.created sw \"2026-01-01T00:00:00Z\"",
        "meta.lastModified ew \"Z\"",
        "active co true",
        "active sw \"t\"",
        "active ew false",
        "emails[primary co true]",
        $"{Undeclared}:flag co true",
        // A value that is not a boolean for a boolean.
        "active eq \"yes\"",
        "active eq \"1\"",
        "active eq 1",
        "active ne \"\"",
        "emails[primary eq \"no\"]",
        "emails.primary eq 0",
        // A string that is not an xsd:dateTime (or not a string) for a dateTime.
        "meta.created gt \"yesterday\"",
        "meta.created gt \"2026-01-01\"",
        "meta.created gt \"2026-01-01 00:00:00Z\"",
        "meta.created gt \"2026-13-01T00:00:00Z\"",
        "meta.created gt \"2026-01-01T00:00:00+0200\"",
        "meta.lastModified eq \"\"",
        "meta.created gt 2026",
        "meta.created eq true",
        // A boolean for a string; an ordering or substring with null; a nested or qualified value filter.
        "userName eq true",
        "userName gt null",
        "userName co null",
        "emails[type eq \"work\" and emails[value eq \"x\"]]",
        "emails[name.familyName eq \"x\"]",
        $"emails[{Enterprise}:employeeNumber eq \"x\"]",
    };

    public static TheoryData<string> GroupFiltersTheSchemaForbids => new()
    {
        "userName eq \"bjensen\"",
        "emails eq \"x\"",
        "displayName.value eq \"x\"",
        "members.fooBar eq \"x\"",
        "members[fooBar eq \"x\"]",
        "displayName[value eq \"x\"]",
        "displayName eq false",
        "urn:ietf:params:scim:schemas:core:2.0:Group:fooBar pr",
    };

    [Theory]
    [MemberData(nameof(UserCanonicalForms))]
    public void A_user_filter_is_rewritten_in_canonical_form(string filter, string canonical)
    {
        var bound = FilterBinder.Bind(FilterParser.Parse(filter), Registry.User);

        Assert.Equal(FilterParser.Parse(canonical), bound);
    }

    [Theory]
    [MemberData(nameof(GroupCanonicalForms))]
    public void A_group_filter_is_rewritten_in_canonical_form(string filter, string canonical)
    {
        var bound = FilterBinder.Bind(FilterParser.Parse(filter), Registry.Group);

        Assert.Equal(FilterParser.Parse(canonical), bound);
    }

    [Fact]
    public void Coerced_values_have_the_attribute_type_not_the_literal_type()
    {
        var active = Assert.IsType<ComparisonFilter>(FilterBinder.Bind(FilterParser.Parse("active eq \"true\""), Registry.User));
        var externalId = Assert.IsType<ComparisonFilter>(FilterBinder.Bind(FilterParser.Parse("externalId eq 12345"), Registry.User));

        Assert.True(Assert.IsType<bool>(active.Value));
        Assert.Equal("12345", Assert.IsType<string>(externalId.Value));
    }

    [Fact]
    public void A_dateTime_literal_is_kept_as_sent_not_normalised()
    {
        var bound = Assert.IsType<ComparisonFilter>(
            FilterBinder.Bind(FilterParser.Parse("meta.created ge \"2026-01-01T02:00:00+02:00\""), Registry.User));

        Assert.Equal("2026-01-01T02:00:00+02:00", bound.Value);
    }

    [Theory]
    [MemberData(nameof(UndeclaredExtensionFilters))]
    public void A_filter_on_an_undeclared_extension_is_accepted_as_written(string filter)
    {
        var parsed = FilterParser.Parse(filter);

        Assert.Equal(parsed, FilterBinder.Bind(parsed, Registry.User));
    }

    [Fact]
    public void An_undeclared_extension_literal_keeps_its_JSON_type()
    {
        var number = Assert.IsType<ComparisonFilter>(FilterBinder.Bind(FilterParser.Parse($"{Undeclared}:level gt 3"), Registry.User));
        var flag = Assert.IsType<ComparisonFilter>(FilterBinder.Bind(FilterParser.Parse($"{Undeclared}:flag eq true"), Registry.User));
        var text = Assert.IsType<ComparisonFilter>(FilterBinder.Bind(FilterParser.Parse($"{Undeclared}:badge eq \"3\""), Registry.User));

        Assert.Equal(3m, Assert.IsType<decimal>(number.Value));
        Assert.True(Assert.IsType<bool>(flag.Value));
        Assert.Equal("3", Assert.IsType<string>(text.Value));
    }

    [Theory]
    [MemberData(nameof(UserFiltersTheSchemaForbids))]
    public void A_user_filter_the_schema_forbids_is_400_invalidFilter(string filter)
    {
        var parsed = FilterParser.Parse(filter);

        var error = Assert.Throws<ScimException>(() => FilterBinder.Bind(parsed, Registry.User));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorType.InvalidFilter, error.ScimType);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [MemberData(nameof(GroupFiltersTheSchemaForbids))]
    public void A_group_filter_the_schema_forbids_is_400_invalidFilter(string filter)
    {
        var parsed = FilterParser.Parse(filter);

        var error = Assert.Throws<ScimException>(() => FilterBinder.Bind(parsed, Registry.Group));

        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorType.InvalidFilter, error.ScimType);
    }

    [Fact]
    public void The_error_names_the_offending_attribute()
    {
        var error = Assert.Throws<ScimException>(() => FilterBinder.Bind(FilterParser.Parse("userName eq \"a\" or nickNam eq \"b\""), Registry.User));

        Assert.Contains("nickNam", error.Message, StringComparison.Ordinal);
    }
}
