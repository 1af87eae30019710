using System.Text.Json.Nodes;
using Provisio.Scim.Filtering;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;

namespace Provisio.Scim.Tests.Filtering;

public sealed class FilterEvaluatorTests
{
    private const string Enterprise = ScimSchemas.EnterpriseUser;
    private const string Acme = "urn:example:params:scim:schemas:extension:acme:2.0:User";

    private static readonly ResourceTypeDefinition UserType = SchemaRegistry.CreateDefault().User;

    /// <summary>
    /// Barbara, as an IdP would send her: a mixed-case userName, a caseExact externalId, an empty nickName, no title,
    /// a work (primary) and a home email, the enterprise extension, and an extension no schema declares.
    /// </summary>
    private static readonly ScimResource Barbara = new(
        "2819c223-7f76-453a-919d-413861904646",
        "User",
        ResourceValidator.ReadRepresentation(JsonNode.Parse($$"""
            {
              "schemas": ["{{ScimSchemas.User}}", "{{Enterprise}}", "{{Acme}}"],
              "userName": "BJensen@Example.com",
              "externalId": "Ext-701984",
              "name": { "familyName": "Jensen", "givenName": "Barbara", "middleName": "Élodie", "honorificSuffix": "\uD83D\uDE00" },
              "displayName": "Babs Jensen",
              "nickName": "",
              "active": true,
              "emails": [
                { "value": "bjensen@example.com", "type": "work", "primary": true },
                { "value": "babs@jensen.org", "type": "home" }
              ],
              "phoneNumbers": [ { "value": "555-555-8377", "type": "work" } ],
              "x509Certificates": [ { "value": "MIIDQzCC" } ],
              "{{Enterprise}}": {
                "employeeNumber": "701984",
                "department": "Tour Operations",
                "manager": { "value": "26118915" }
              },
              "{{Acme}}": {
                "Level": 7,
                "Score": 2.5,
                "Remote": true,
                "Tags": ["blue", "Green"],
                "Badge": "B-42",
                "Office": { "Building": "North" },
                "Blank": "",
                "None": [],
                "Nothing": {}
              }
            }
            """)!.AsObject(), UserType),
        new ResourceMeta(
            Created: new DateTimeOffset(2026, 1, 15, 10, 0, 0, TimeSpan.FromHours(2)),
            LastModified: new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero),
            Version: 3));

    public static TheoryData<string, bool> Strings => new()
    {
        // userName is not caseExact: both sides fold to lower case.
        { "userName eq \"bjensen@example.com\"", true },
        { "userName eq \"BJENSEN@EXAMPLE.COM\"", true },
        { "userName eq \"bjensen\"", false },
        { "userName ne \"someone@example.com\"", true },
        { "userName ne \"BJensen@EXAMPLE.com\"", false },
        { "userName co \"JENSEN@\"", true },
        { "userName co \"smith\"", false },
        { "userName sw \"bj\"", true },
        { "userName sw \"jensen\"", false },
        { "userName ew \"EXAMPLE.COM\"", true },
        { "userName ew \"example\"", false },
        { "userName gt \"BJENSEN@example.co\"", true },
        { "userName gt \"bjensen@example.com\"", false },
        { "userName ge \"bjensen@example.com\"", true },
        { "userName lt \"C\"", true },
        { "userName lt \"BJ\"", false },
        { "userName le \"bjensen@example.com\"", true },
        { "userName le \"bjensen@example.co\"", false },
        { "name.familyName eq \"JENSEN\"", true },
        { "name.givenName sw \"barb\"", true },
        { "displayName co \"babs j\"", true },
        // Code-point order, not culture order: é (U+00E9) sorts after z.
        { "name.middleName gt \"z\"", true },
        { "name.middleName eq \"ÉLODIE\"", true },
        // …and not UTF-16 order: U+1F600 (a surrogate pair, D83D DE00) sorts after U+FF5E.
        { "name.honorificSuffix gt \"\uFF5E\"", true },
        { "name.honorificSuffix lt \"\uFF5E\"", false },
    };

    public static TheoryData<string, bool> CaseExactStrings => new()
    {
        // externalId, id and meta.resourceType are caseExact: no folding, and upper case sorts before lower case.
        { "externalId eq \"Ext-701984\"", true },
        { "externalId eq \"ext-701984\"", false },
        { "externalId eq \"EXT-701984\"", false },
        { "externalId co \"Ext\"", true },
        { "externalId co \"EXT\"", false },
        { "externalId sw \"ext\"", false },
        { "externalId ew \"701984\"", true },
        { "externalId gt \"EXT\"", true },
        { "externalId lt \"ext\"", true },
        { "externalId ne \"ext-701984\"", true },
        { "id eq \"2819c223-7f76-453a-919d-413861904646\"", true },
        { "id eq \"2819C223-7F76-453A-919D-413861904646\"", false },
        { "meta.resourceType eq \"User\"", true },
        { "meta.resourceType eq \"user\"", false },
        { "meta.version eq \"W/\\\"3\\\"\"", true },
        { "meta.version eq \"w/\\\"3\\\"\"", false },
    };

    public static TheoryData<string, bool> Booleans => new()
    {
        { "active eq true", true },
        { "active eq false", false },
        { "active ne false", true },
        { "active ne true", false },
        { "active eq \"True\"", true },
        { "emails.primary eq true", true },
        // The home email has no "primary" at all: an absent value never matches.
        { "emails.primary eq false", false },
    };

    public static TheoryData<string, bool> DateTimes => new()
    {
        // Created 2026-01-15T10:00:00+02:00, which is 08:00Z: literals with any offset name the same instant.
        { "meta.created eq \"2026-01-15T08:00:00Z\"", true },
        { "meta.created eq \"2026-01-15T10:00:00+02:00\"", true },
        { "meta.created eq \"2026-01-15T03:00:00-05:00\"", true },
        { "meta.created eq \"2026-01-15T08:00:00.000Z\"", true },
        { "meta.created eq \"2026-01-15T08:00:00\"", true },
        { "meta.created eq \"2026-01-15T10:00:00Z\"", false },
        { "meta.created ne \"2026-01-15T08:00:00Z\"", false },
        { "meta.created gt \"2026-01-15T09:00:00+02:00\"", true },
        { "meta.created gt \"2026-01-15T09:00:00Z\"", false },
        { "meta.created ge \"2026-01-15T03:00:00-05:00\"", true },
        { "meta.created lt \"2026-01-15T08:30:00+00:30\"", false },
        { "meta.created le \"2026-01-15T08:30:00+00:30\"", true },
        { "meta.created lt \"2026-01-15T04:00:00-05:00\"", true },
        { "meta.created lt \"2026-01-15T08:00:00.001Z\"", true },
        { "meta.lastModified gt \"2026-02-01T12:00:00+01:00\"", true },
        { "meta.lastModified gt \"2026-02-01T12:00:00-01:00\"", false },
    };

    public static TheoryData<string, bool> MultiValued => new()
    {
        // Some value matches: the second email counts as much as the first.
        { "emails.value eq \"babs@jensen.org\"", true },
        { "emails eq \"BJENSEN@example.com\"", true },
        { "emails co \"jensen.org\"", true },
        { "emails.value ew \".net\"", false },
        { "emails.type eq \"home\"", true },
        { "emails.type eq \"other\"", false },
        // "ne" is also "some value": the home address differs from the work one.
        { "emails.value ne \"bjensen@example.com\"", true },
        { "phoneNumbers.value sw \"555\"", true },
        { "x509Certificates.value eq \"MIIDQzCC\"", true },
        { "x509Certificates co \"QzCC\"", true },
        { $"{Enterprise}:employeeNumber eq \"701984\"", true },
        { $"{Enterprise}:EMPLOYEENUMBER sw \"70\"", true },
        { $"{Enterprise}:department ew \"OPERATIONS\"", true },
        { $"{Enterprise}:manager.value eq \"26118915\"", true },
        { $"{Enterprise}:manager.value co \"6118\"", true },
        { $"{Enterprise}:manager.value eq \"2611891\"", false },
    };

    public static TheoryData<string, bool> ValuePaths => new()
    {
        // Both conditions must hold for the same value.
        { "emails[type eq \"work\"].value eq \"bjensen@example.com\"", true },
        { "emails[type eq \"work\"].value eq \"babs@jensen.org\"", false },
        { "emails[type eq \"home\"].value co \"JENSEN.ORG\"", true },
        { "emails[type eq \"home\" and value co \"jensen\"]", true },
        { "emails[type eq \"home\" and primary eq true]", false },
        { "emails[type eq \"work\" and primary eq true]", true },
        { "emails[TYPE eq \"WORK\"]", true },
        { "emails[not (type eq \"work\")]", true },
        { "emails[not (type eq \"work\" or type eq \"home\")]", false },
        { "emails[type eq \"other\" or value ew \".org\"]", true },
        { "emails[value pr]", true },
        { "emails[display pr]", false },
        { "emails[display eq null]", true },
        { "phoneNumbers[type eq \"work\" and value sw \"555\"]", true },
        { "phoneNumbers[type eq \"home\"]", false },
    };

    public static TheoryData<string, bool> Presence => new()
    {
        { "userName pr", true },
        { "displayName pr", true },
        { "name pr", true },
        { "emails pr", true },
        { "title pr", false },
        // An empty string is not a value.
        { "nickName pr", false },
        { "nickName eq null", true },
        { "nickName ne null", false },
        { "title eq null", true },
        { "title ne null", false },
        { "userName eq null", false },
        { "userName ne null", true },
        { "emails.display eq null", true },
        { "emails.display ne null", false },
        { $"{Enterprise}:manager pr", true },
        { $"{Enterprise}:manager.value pr", true },
        { $"{Enterprise}:costCenter pr", false },
        { $"{Enterprise}:costCenter eq null", true },
        { $"{Enterprise}:manager.value ne null", true },
        // An absent value never matches a comparison, not even "ne".
        { "title eq \"Tour Guide\"", false },
        { "title ne \"Tour Guide\"", false },
        { "not (title ne \"Tour Guide\")", true },
        { $"{Enterprise}:costCenter ge \"\"", false },
    };

    public static TheoryData<string, bool> Logic => new()
    {
        // and binds tighter than or: true or (false and false).
        { "active eq true or userName eq \"x\" and title pr", true },
        // (false and true) or true.
        { "userName eq \"x\" and active eq true or displayName pr", true },
        { "userName eq \"x\" and (active eq true or displayName pr)", false },
        { "(active eq true or userName eq \"x\") and title pr", false },
        // not applies to its parentheses only: (not false) and false.
        { "not (userName eq \"x\") and title pr", false },
        { "not (userName eq \"x\" and title pr)", true },
        { "not (active eq true or title pr)", false },
        { "not (not (active eq true))", true },
        { "(active eq false or displayName pr) and not (title pr)", true },
        { "userName sw \"b\" and emails[type eq \"home\"] and not (emails[type eq \"other\"])", true },
    };

    public static TheoryData<string, bool> UndeclaredExtension => new()
    {
        // The schema knows nothing of this extension: names match case-insensitively, values compare by JSON type.
        { $"{Acme}:level eq 7", true },
        { $"{Acme.ToLowerInvariant()}:LEVEL gt 6.5", true },
        { $"{Acme}:Level lt 7", false },
        { $"{Acme}:level ge 7", true },
        { $"{Acme}:level le 6", false },
        { $"{Acme}:level ne 7", false },
        { $"{Acme}:level eq \"7\"", false },
        { $"{Acme}:score gt 2", true },
        { $"{Acme}:score lt 2.5", false },
        { $"{Acme}:score eq 2.50", true },
        { $"{Acme}:remote eq true", true },
        { $"{Acme}:REMOTE eq false", false },
        { $"{Acme}:remote ne false", true },
        { $"{Acme}:remote eq \"true\"", false },
        { $"{Acme}:tags eq \"GREEN\"", true },
        { $"{Acme}:tags eq \"red\"", false },
        { $"{Acme}:tags co \"lu\"", true },
        { $"{Acme}:badge sw \"b-\"", true },
        { $"{Acme}:badge gt \"b-41\"", true },
        { $"{Acme}:office.building eq \"north\"", true },
        { $"{Acme}:OFFICE.BUILDING eq \"south\"", false },
        { $"{Acme}:tags pr", true },
        { $"{Acme}:blank pr", false },
        { $"{Acme}:none pr", false },
        { $"{Acme}:nothing pr", false },
        { $"{Acme}:missing pr", false },
        { $"{Acme}:missing eq null", true },
        { $"{Acme}:missing ne \"x\"", false },
        { "urn:example:params:scim:schemas:extension:other:2.0:User:level eq 7", false },
    };

    [Theory]
    [MemberData(nameof(Strings))]
    [MemberData(nameof(CaseExactStrings))]
    [MemberData(nameof(Booleans))]
    [MemberData(nameof(DateTimes))]
    [MemberData(nameof(MultiValued))]
    [MemberData(nameof(ValuePaths))]
    [MemberData(nameof(Presence))]
    [MemberData(nameof(Logic))]
    [MemberData(nameof(UndeclaredExtension))]
    public void A_bound_filter_matches_the_user_exactly_when_expected(string filter, bool expected)
    {
        var bound = FilterBinder.Bind(FilterParser.Parse(filter), UserType);

        Assert.Equal(expected, FilterEvaluator.Matches(bound, Barbara, UserType));
    }

    [Theory]
    [InlineData("userName eq \"bjensen@example.com\"")]
    [InlineData("emails[type eq \"work\"].value eq \"bjensen@example.com\"")]
    [InlineData("title pr")]
    public void Not_inverts_every_result(string filter)
    {
        var plain = FilterBinder.Bind(FilterParser.Parse(filter), UserType);
        var negated = FilterBinder.Bind(FilterParser.Parse($"not ({filter})"), UserType);

        Assert.NotEqual(FilterEvaluator.Matches(plain, Barbara, UserType), FilterEvaluator.Matches(negated, Barbara, UserType));
    }

    [Fact]
    public void Evaluating_leaves_the_resource_unchanged()
    {
        var before = Barbara.Attributes.ToJsonString();

        FilterEvaluator.Matches(FilterBinder.Bind(FilterParser.Parse($"emails[type eq \"work\"] and {Acme}:tags pr and userName co \"x\""), UserType), Barbara, UserType);

        Assert.Equal(before, Barbara.Attributes.ToJsonString());
    }
}
