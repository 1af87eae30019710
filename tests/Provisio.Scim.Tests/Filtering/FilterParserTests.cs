using Provisio.Scim.Errors;
using Provisio.Scim.Filtering;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Filtering;

public sealed class FilterParserTests
{
    private static readonly FilterNode A1 = Eq("a", 1m);
    private static readonly FilterNode B2 = Eq("b", 2m);
    private static readonly FilterNode C3 = Eq("c", 3m);

    public static TheoryData<string, FilterNode> Comparisons => new()
    {
        { "userName eq \"bjensen\"", Eq("userName", "bjensen") },
        { "name.familyName co \"O'Malley\"", new ComparisonFilter(Path("name", "familyName"), ComparisonOperator.Co, "O'Malley") },
        { "title pr", new PresentFilter(Path("title")) },
        { "meta.lastModified gt \"2011-05-13T04:42:34Z\"", new ComparisonFilter(Path("meta", "lastModified"), ComparisonOperator.Gt, "2011-05-13T04:42:34Z") },
        { "  userName   eq   \"bjensen\"  ", Eq("userName", "bjensen") },
        { "userName eq\"bjensen\"", Eq("userName", "bjensen") },
        // Okta's newer test and Entra's docs send unquoted values.
        { "userName eq alice@example.com", Eq("userName", "alice@example.com") },
        { "externalId eq 00u1abcd", Eq("externalId", "00u1abcd") },
        { "members[$ref eq \"x\"]", new ValuePathFilter(Path("members"), Eq("$ref", "x")) },
    };

    public static TheoryData<string, FilterNode> CaseInsensitiveKeywords => new()
    {
        { "userName EQ \"bjensen\"", Eq("userName", "bjensen") },
        { "title PR", new PresentFilter(Path("title")) },
        { "a eq 1 And b Eq 2", new AndFilter(A1, B2) },
        { "a eq 1 OR b eq 2", new OrFilter(A1, B2) },
        { "NOT (a eq 1)", new NotFilter(A1) },
    };

    public static TheoryData<string, FilterNode> Precedence => new()
    {
        { "a eq 1 or b eq 2 and c eq 3", new OrFilter(A1, new AndFilter(B2, C3)) },
        { "a eq 1 and b eq 2 or c eq 3", new OrFilter(new AndFilter(A1, B2), C3) },
        { "a eq 1 and b eq 2 and c eq 3", new AndFilter(new AndFilter(A1, B2), C3) },
        { "a eq 1 or b eq 2 or c eq 3", new OrFilter(new OrFilter(A1, B2), C3) },
        { "(a eq 1 or b eq 2) and c eq 3", new AndFilter(new OrFilter(A1, B2), C3) },
        { "a eq 1 and (b eq 2 or c eq 3)", new AndFilter(A1, new OrFilter(B2, C3)) },
        { "((a eq 1))", A1 },
        { "not (a eq 1)", new NotFilter(A1) },
        { "not(a eq 1)", new NotFilter(A1) },
        { "not (a eq 1 or b eq 2)", new NotFilter(new OrFilter(A1, B2)) },
        { "not (a eq 1) and b eq 2", new AndFilter(new NotFilter(A1), B2) },
        { "a eq 1 or not (b eq 2) and c eq 3", new OrFilter(A1, new AndFilter(new NotFilter(B2), C3)) },
    };

    public static TheoryData<string, object?> Values => new()
    {
        { "x eq \"a\\\"b\"", "a\"b" },
        { "x eq \"\\\\\"", "\\" },
        { "x eq \"\\u00e9\"", "é" },
        { "x eq \"caf\\u00E9 \\/ \\t\"", "café / \t" },
        { "x eq \"\"", "" },
        { "x eq \"true\"", "true" },
        { "x eq \"a ) b ] c\"", "a ) b ] c" },
        { "x eq true", true },
        { "x eq false", false },
        { "x eq null", null },
        { "x eq 42", 42m },
        { "x eq -1.5", -1.5m },
        { "x eq 1e3", 1000m },
        { "x eq 0", 0m },
    };

    public static TheoryData<string, FilterNode> SchemaQualifiedPaths => new()
    {
        {
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"",
            new ComparisonFilter(new AttributePath(ScimSchemas.EnterpriseUser, "employeeNumber", null), ComparisonOperator.Eq, "701984")
        },
        {
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq \"26118915\"",
            new ComparisonFilter(new AttributePath(ScimSchemas.EnterpriseUser, "manager", "value"), ComparisonOperator.Eq, "26118915")
        },
        {
            "urn:ietf:params:scim:schemas:core:2.0:User:name.givenName pr",
            new PresentFilter(new AttributePath(ScimSchemas.User, "name", "givenName"))
        },
    };

    public static TheoryData<string, FilterNode> ValuePaths => new()
    {
        {
            "emails[type eq \"work\" and value co \"@example.com\"]",
            new ValuePathFilter(Path("emails"), new AndFilter(Eq("type", "work"), new ComparisonFilter(Path("value"), ComparisonOperator.Co, "@example.com")))
        },
        {
            "emails[ type eq \"work\" ]",
            new ValuePathFilter(Path("emails"), Eq("type", "work"))
        },
        {
            "userType eq \"Employee\" and emails[type eq \"work\"]",
            new AndFilter(Eq("userType", "Employee"), new ValuePathFilter(Path("emails"), Eq("type", "work")))
        },
        {
            "emails[type eq \"work\"] or ims[type eq \"xmpp\"]",
            new OrFilter(new ValuePathFilter(Path("emails"), Eq("type", "work")), new ValuePathFilter(Path("ims"), Eq("type", "xmpp")))
        },
        {
            "members[not (type eq \"Group\")]",
            new ValuePathFilter(Path("members"), new NotFilter(Eq("type", "Group")))
        },
        // Entra's form: some work email has that value.
        {
            "emails[type eq \"work\"].value eq \"x\"",
            new ValuePathFilter(Path("emails"), new AndFilter(Eq("type", "work"), Eq("value", "x")))
        },
        {
            "emails[type eq \"work\"].value pr and active eq true",
            new AndFilter(
                new ValuePathFilter(Path("emails"), new AndFilter(Eq("type", "work"), new PresentFilter(Path("value")))),
                Eq("active", true))
        },
    };

    [Fact]
    public void Parses_a_userName_equality()
    {
        var node = FilterParser.Parse("userName eq \"bjensen\"");
        Assert.Equal(new ComparisonFilter(new AttributePath(null, "userName", null), ComparisonOperator.Eq, "bjensen"), node);
    }

    [Theory]
    [MemberData(nameof(Comparisons))]
    public void Parses_a_comparison_into_its_attribute_operator_and_value(string filter, FilterNode expected)
    {
        Assert.Equal(expected, FilterParser.Parse(filter));
    }

    [Theory]
    [InlineData("eq", ComparisonOperator.Eq)]
    [InlineData("ne", ComparisonOperator.Ne)]
    [InlineData("co", ComparisonOperator.Co)]
    [InlineData("sw", ComparisonOperator.Sw)]
    [InlineData("ew", ComparisonOperator.Ew)]
    [InlineData("gt", ComparisonOperator.Gt)]
    [InlineData("ge", ComparisonOperator.Ge)]
    [InlineData("lt", ComparisonOperator.Lt)]
    [InlineData("le", ComparisonOperator.Le)]
    [InlineData("Le", ComparisonOperator.Le)]
    public void Reads_every_comparison_operator(string op, ComparisonOperator expected)
    {
        var node = FilterParser.Parse($"userName {op} \"b\"");
        Assert.Equal(new ComparisonFilter(Path("userName"), expected, "b"), node);
    }

    [Theory]
    [MemberData(nameof(CaseInsensitiveKeywords))]
    public void Operators_and_keywords_are_case_insensitive(string filter, FilterNode expected)
    {
        Assert.Equal(expected, FilterParser.Parse(filter));
    }

    [Theory]
    [MemberData(nameof(Precedence))]
    public void Groups_by_parentheses_then_not_then_and_then_or(string filter, FilterNode expected)
    {
        Assert.Equal(expected, FilterParser.Parse(filter));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Reads_values_as_JSON_strings_booleans_null_and_numbers(string filter, object? expected)
    {
        var node = Assert.IsType<ComparisonFilter>(FilterParser.Parse(filter));
        Assert.Equal(expected, node.Value);
        Assert.Equal(expected?.GetType(), node.Value?.GetType());
    }

    [Theory]
    [MemberData(nameof(SchemaQualifiedPaths))]
    public void Splits_a_schema_qualified_path_into_URN_attribute_and_sub_attribute(string filter, FilterNode expected)
    {
        Assert.Equal(expected, FilterParser.Parse(filter));
    }

    [Theory]
    [MemberData(nameof(ValuePaths))]
    public void Parses_value_paths_into_a_filter_over_the_multi_valued_attribute(string filter, FilterNode expected)
    {
        Assert.Equal(expected, FilterParser.Parse(filter));
    }

    [Fact]
    public void A_bare_value_is_an_invalid_filter()
    {
        var error = Assert.Throws<ScimException>(() => FilterParser.Parse("ALICE@EXAMPLE.COM"));
        Assert.Equal(ScimErrorType.InvalidFilter, error.ScimType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("ALICE@EXAMPLE.COM")]
    [InlineData("userName")]
    [InlineData("userName eq")]
    [InlineData("userName xx \"a\"")]
    [InlineData("userName eq \"abc")]
    [InlineData("userName eq \"abc\\\"")]
    [InlineData("userName eq \"a\\xb\"")]
    [InlineData("(userName eq \"a\"")]
    [InlineData("not userName eq \"a\"")]
    [InlineData("userName eq \"a\" )")]
    [InlineData("userName eq \"a\" and")]
    [InlineData("userName eq \"a\" userName eq \"b\"")]
    [InlineData("()")]
    [InlineData("a..b eq 1")]
    [InlineData("1abc eq 1")]
    [InlineData("userName \"a\"")]
    [InlineData("userName eq )")]
    [InlineData("userName pr \"a\"")]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("emails[]")]
    [InlineData("name.givenName[value eq \"x\"]")]
    [InlineData("emails[type eq \"work\"].value")]
    [InlineData("emails[type eq \"work\"]. eq \"x\"")]
    public void Rejects_a_malformed_filter_with_400_invalidFilter(string filter)
    {
        var error = Assert.Throws<ScimException>(() => FilterParser.Parse(filter));
        Assert.Equal(400, error.Status);
        Assert.Equal(ScimErrorType.InvalidFilter, error.ScimType);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Theory]
    [InlineData("ALICE@EXAMPLE.COM", 0)]
    [InlineData("userName", 8)]
    [InlineData("userName eq", 11)]
    [InlineData("userName xx \"a\"", 9)]
    [InlineData("userName eq \"abc", 12)]
    [InlineData("userName eq \"a\\xb\"", 12)]
    [InlineData("(userName eq \"a\"", 16)]
    [InlineData("not userName eq \"a\"", 4)]
    [InlineData("userName eq \"a\" )", 16)]
    [InlineData("userName eq \"a\" and", 19)]
    [InlineData("emails[type eq \"work\"", 21)]
    public void The_error_detail_names_the_position_of_the_offending_token(string filter, int position)
    {
        var error = Assert.Throws<ScimException>(() => FilterParser.Parse(filter));
        Assert.Matches($"position {position}(?![0-9])", error.Message);
    }

    [Theory]
    [InlineData("userName 01 \"a\"")]
    [InlineData("userName 00 \"a\"")]
    [InlineData("userName -1 \"a\"")]
    [InlineData("userName +1 \"a\"")]
    public void A_number_in_the_operator_position_is_not_an_operator(string filter)
    {
        var error = Assert.Throws<ScimException>(() => FilterParser.Parse(filter));
        Assert.Equal(ScimErrorType.InvalidFilter, error.ScimType);
    }

    /// <summary>
    /// What a filter's string literal may hold between its quotes, as sent: plain text (read as itself), and text only
    /// the JSON reader can decide (escapes, raw control characters, raw surrogates paired or alone).
    /// </summary>
    public static TheoryData<string> Literals => new()
    {
        "ada@example.com", "", " ", "O'Brien", "café", "a/b", "\\u007f", "\u007f\u0080", "\ud83d\ude00",
        "caf\\u00e9", "a\\/b", "\\\\", "tab\\there", "tab\\u0009there", "\\ud83d\\ude00", "\\ud800",
        "tab\there", "line\nfeed", "\u001f", "nul\\u0000", "\ud800", "\udc00x", "x\ud83d",
    };

    [Theory]
    [MemberData(nameof(Literals))]
    public void A_string_literal_reads_as_the_JSON_reader_reads_it_or_fails_as_it_fails(string content)
    {
        var literal = $"\"{content}\"";
        string? expected;
        try
        {
            expected = System.Text.Json.JsonSerializer.Deserialize<string>(literal);
            expected = expected!.Contains('\0', StringComparison.Ordinal) ? null : expected;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException)
        {
            expected = null;
        }

        if (expected is null)
        {
            Assert.Equal(ScimErrorType.InvalidFilter, Assert.Throws<ScimException>(() => FilterParser.Parse($"x eq {literal}")).ScimType);
        }
        else
        {
            Assert.Equal(expected, Assert.IsType<ComparisonFilter>(FilterParser.Parse($"x eq {literal}")).Value);
        }
    }

    private static AttributePath Path(string name, string? subAttribute = null) => new(null, name, subAttribute);

    private static ComparisonFilter Eq(string name, object? value) => new(Path(name), ComparisonOperator.Eq, value);
}
