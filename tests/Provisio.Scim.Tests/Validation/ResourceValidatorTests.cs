using System.Text.Json.Nodes;
using Provisio.Scim.Errors;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;

namespace Provisio.Scim.Tests.Validation;

public sealed class ResourceValidatorTests
{
    private const string EntraGroupSchema = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";
    private const string DeviceSchema = "urn:example:params:scim:schemas:core:2.0:Device";
    private const string AssetSchema = "urn:example:params:scim:schemas:extension:asset:2.0:Device";
    private const string StoredDevice = """ "serialNumber": "SN-1", "urn:example:params:scim:schemas:extension:asset:2.0:Device": { "assetTag": "A-1", "owner": "bjensen" } """;

    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    /// <summary>
    /// A resource type built from schema JSON, with an immutable attribute and a dateTime attribute (the built-in
    /// schemas have neither at the top level) and an extension with an immutable attribute.
    /// </summary>
    private static readonly ResourceTypeDefinition Device = new()
    {
        Name = "Device",
        Endpoint = "/Devices",
        Description = "A test resource type",
        Schema = SchemaReader.Read(JsonNode.Parse("""
            {
              "id": "urn:example:params:scim:schemas:core:2.0:Device",
              "name": "Device",
              "attributes": [
                { "name": "serialNumber", "type": "string", "mutability": "immutable" },
                { "name": "displayName", "type": "string", "required": true },
                { "name": "purchasedAt", "type": "dateTime" }
              ]
            }
            """)!.AsObject()),
        Extensions =
        [
            new SchemaExtension(SchemaReader.Read(JsonNode.Parse("""
                {
                  "id": "urn:example:params:scim:schemas:extension:asset:2.0:Device",
                  "name": "Asset",
                  "attributes": [
                    { "name": "assetTag", "type": "string", "mutability": "immutable" },
                    { "name": "owner", "type": "string" }
                  ]
                }
                """)!.AsObject()), Required: false),
        ],
    };

    [Theory]
    [InlineData(""" "id": "chosen-by-the-client" """, "id")]
    [InlineData(""" "ID": "chosen-by-the-client" """, "ID")]
    [InlineData(""" "meta": { "created": "yesterday", "lastModified": "31/01/2026", "version": 3 } """, "meta")]
    [InlineData(""" "groups": [] """, "groups")]
    [InlineData(""" "groups": [{ "value": "g1", "display": "Admins" }] """, "groups")]
    [InlineData(""" "password": "t1meMa$heen" """, "password")]
    [InlineData(""" "Password": "t1meMa$heen" """, "password")]
    public void Read_only_and_write_only_input_is_not_stored(string member, string attribute)
    {
        var stored = ReadUser(member);

        Assert.DoesNotContain(stored, p => string.Equals(p.Key, attribute, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("bjensen", (string?)stored["userName"]);
    }

    [Theory]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "USERNAME": "bjensen" }""", """{ "userName": "bjensen" }""")]
    [InlineData("""{ "Schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "username": "bjensen" }""", """{ "userName": "bjensen" }""")]
    [InlineData(
        """{ "schemas": ["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"], "userName": "bjensen", "Name": { "GivenName": "Barbara", "FAMILYNAME": "Jensen" } }""",
        """{ "userName": "bjensen", "name": { "givenName": "Barbara", "familyName": "Jensen" } }""")]
    [InlineData(
        """{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "EMAILS": [{ "Value": "b@example.com", "TYPE": "work" }], "EXTERNALID": "00u1" }""",
        """{ "userName": "bjensen", "emails": [{ "value": "b@example.com", "type": "work" }], "externalId": "00u1" }""")]
    [InlineData(
        """{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": { "EMPLOYEENUMBER": "701984" } }""",
        """{ "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984" } }""")]
    public void Attribute_names_match_case_insensitively_and_are_stored_with_the_schema_spelling(string body, string expected)
    {
        JsonAssert.Equal(expected, ResourceValidator.ReadRepresentation(Parse(body), Registry.User));
    }

    [Theory]
    [InlineData(""" "prefferedLanguage": "en-US" """)]
    [InlineData(""" "urn:example:params:scim:schemas:extension:custom:2.0:User": { "badge": "42", "Floor": 3, "tags": ["a", "b"] } """)]
    [InlineData(""" "name": { "givenName": "Barbara", "nickname": "Babs" } """)]
    [InlineData(""" "emails": [{ "value": "b@example.com", "label": "Work Inbox" }] """)]
    public void Attributes_no_schema_declares_are_kept_verbatim(string member)
    {
        JsonAssert.Equal(StoredUser(member), ReadUser(member));
    }

    [Theory]
    [InlineData(""" "displayName": null """)]
    [InlineData(""" "id": null """)]
    [InlineData(""" "emails": [] """)]
    [InlineData(""" "emails": [null] """)]
    [InlineData(""" "emails": [{ "value": null, "type": null }] """)]
    [InlineData(""" "name": { "givenName": null } """)]
    [InlineData(""" "name": {} """)]
    [InlineData(""" "externalId": "" """)]
    [InlineData(""" "active": "" """)]
    [InlineData(""" "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": null } """)]
    [InlineData(""" "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": null """)]
    public void Nulls_and_empty_values_are_dropped(string member)
    {
        JsonAssert.Equal(StoredUser(""), ReadUser(member));
    }

    [Theory]
    [InlineData(""" "active": "False" """, false)]
    [InlineData(""" "active": "True" """, true)]
    [InlineData(""" "active": "false" """, false)]
    [InlineData(""" "active": " true " """, true)]
    [InlineData(""" "active": true """, true)]
    [InlineData(""" "active": false """, false)]
    public void Booleans_sent_as_text_are_stored_as_booleans(string member, bool expected)
    {
        var active = ReadUser(member)["active"];

        Assert.NotNull(active);
        Assert.Equal(expected, active.GetValue<bool>());
    }

    [Theory]
    [InlineData(""" "phoneNumbers": [{ "value": 5555555555, "type": "work" }] """, """ "phoneNumbers": [{ "value": "5555555555", "type": "work" }] """)]
    [InlineData(""" "externalId": 12345 """, """ "externalId": "12345" """)]
    [InlineData(""" "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": 701984 } """, """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984" } """)]
    public void A_number_sent_for_a_string_attribute_is_kept_as_its_text(string member, string expected)
    {
        JsonAssert.Equal(StoredUser(expected), ReadUser(member));
    }

    [Fact]
    public void A_lone_value_where_an_array_belongs_is_read_as_a_one_element_array()
    {
        var stored = ReadUser(""" "emails": { "value": "b@example.com", "type": "work", "primary": true } """);

        JsonAssert.Equal("""[{ "value": "b@example.com", "type": "work", "primary": true }]""", stored["emails"]);
    }

    [Theory]
    [InlineData(
        """ "emails": [{ "value": "a@example.com", "primary": true }, { "value": "b@example.com", "primary": true }] """,
        """ "emails": [{ "value": "a@example.com", "primary": true }, { "value": "b@example.com", "primary": false }] """)]
    [InlineData(
        """ "emails": [{ "value": "a@example.com", "primary": false }, { "value": "b@example.com", "primary": "True" }, { "value": "c@example.com", "primary": true }] """,
        """ "emails": [{ "value": "a@example.com", "primary": false }, { "value": "b@example.com", "primary": true }, { "value": "c@example.com", "primary": false }] """)]
    public void Only_the_first_value_marked_primary_stays_primary(string member, string expected)
    {
        JsonAssert.Equal(StoredUser(expected), ReadUser(member));
    }

    [Theory]
    [InlineData(
        """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Tour Operations" } """,
        """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "employeeNumber": "701984", "department": "Tour Operations" } """)]
    [InlineData(
        """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": { "value": "26118915", "$ref": "../Users/26118915" } } """,
        """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": { "value": "26118915", "$ref": "../Users/26118915" } } """)]
    [InlineData(
        """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": { "value": "26118915", "displayName": "John Smith" } } """,
        """ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": { "value": "26118915" } } """)]
    public void Enterprise_extension_attributes_are_read_by_their_schema(string member, string expected)
    {
        JsonAssert.Equal(StoredUser(expected), ReadUser(member));
    }

    [Fact]
    public void Group_members_keep_value_and_type_and_drop_the_read_only_display()
    {
        var stored = ResourceValidator.ReadRepresentation(Parse("""
            {
              "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
              "displayName": "Tour Guides",
              "members": [{ "value": "2819c223", "type": "User", "display": "Babs Jensen" }]
            }
            """), Registry.Group);

        JsonAssert.Equal("""{ "displayName": "Tour Guides", "members": [{ "value": "2819c223", "type": "User" }] }""", stored);
    }

    [Fact]
    public void Entra_group_schema_beside_the_core_one_is_accepted()
    {
        var body = new JsonObject
        {
            ["schemas"] = new JsonArray(ScimSchemas.Group, EntraGroupSchema),
            ["displayName"] = "Sales",
            ["externalId"] = "8aa1a0c0",
        };

        var stored = ResourceValidator.ReadRepresentation(body, Registry.Group);

        JsonAssert.Equal("""{ "displayName": "Sales", "externalId": "8aa1a0c0" }""", stored);
    }

    [Theory]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "active": "banana" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "active": 1 }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "displayName": "Babs" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "   " }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": null }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": true }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "name": "Barbara Jensen" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "emails": ["b@example.com"] }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "externalId": { "id": 1 } }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "701984" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { "manager": "26118915" } }""")]
    public void An_invalid_user_is_refused_with_400_invalidValue(string body)
    {
        AssertRefused(ScimErrorType.InvalidValue, () => ResourceValidator.ReadRepresentation(Parse(body), Registry.User));
    }

    [Theory]
    [InlineData("""{ "userName": "bjensen" }""")]
    [InlineData("""{ "schemas": [], "userName": "bjensen" }""")]
    [InlineData("""{ "schemas": "urn:ietf:params:scim:schemas:core:2.0:User", "userName": "bjensen" }""")]
    [InlineData("""{ "schemas": null, "userName": "bjensen" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "userName": "bjensen" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "userName": "bjensen" }""")]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", 42], "userName": "bjensen" }""")]
    public void A_body_without_the_core_schema_URN_is_refused_with_400_invalidSyntax(string body)
    {
        AssertRefused(ScimErrorType.InvalidSyntax, () => ResourceValidator.ReadRepresentation(Parse(body), Registry.User));
    }

    [Theory]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "members": [] }""", ScimErrorType.InvalidValue)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "" }""", ScimErrorType.InvalidValue)]
    [InlineData("""{ "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "displayName": "Sales" }""", ScimErrorType.InvalidSyntax)]
    [InlineData("""{ "schemas": ["http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"], "displayName": "Sales" }""", ScimErrorType.InvalidSyntax)]
    public void An_invalid_group_is_refused_with_400(string body, string scimType)
    {
        AssertRefused(scimType, () => ResourceValidator.ReadRepresentation(Parse(body), Registry.Group));
    }

    [Theory]
    [InlineData("2026-01-31T12:00:00Z")]
    [InlineData("2026-01-31T12:00:00.123+02:00")]
    public void A_dateTime_attribute_keeps_an_xsd_dateTime_as_sent(string value)
    {
        var stored = ReadDevice($$""" "purchasedAt": "{{value}}" """);

        Assert.Equal(value, (string?)stored["purchasedAt"]);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2026-13-45T00:00:00Z\"")]
    [InlineData("20260131")]
    [InlineData("true")]
    public void A_dateTime_attribute_refuses_what_is_not_a_date_with_400_invalidValue(string json)
    {
        AssertRefused(ScimErrorType.InvalidValue, () => ReadDevice($""" "purchasedAt": {json} """));
    }

    [Theory]
    [InlineData("01/31/2026")]
    [InlineData("Jan 31 2026")]
    [InlineData("2026-01-31")]
    public void A_dateTime_attribute_refuses_a_date_that_is_not_xsd_dateTime(string value)
    {
        AssertRefused(ScimErrorType.InvalidValue, () => ReadDevice($$""" "purchasedAt": "{{value}}" """));
    }

    [Theory]
    [InlineData(""" "serialNumber": "SN-2" """)]
    [InlineData(""" "serialNumber": "SN-1", "urn:example:params:scim:schemas:extension:asset:2.0:Device": { "assetTag": "A-2" } """)]
    [InlineData(""" "urn:example:params:scim:schemas:extension:asset:2.0:Device": { "assetTag": "A-2" } """)]
    public void Changing_an_immutable_attribute_is_refused_with_400_mutability(string members)
    {
        var current = ReadDevice(StoredDevice);
        var replacement = ReadDevice(members);

        AssertRefused(ScimErrorType.Mutability, () => ResourceValidator.CheckImmutable(current, replacement, Device));
    }

    [Theory]
    [InlineData("")]
    [InlineData(""" "serialNumber": null """)]
    [InlineData(""" "purchasedAt": "2026-01-31T12:00:00Z" """)]
    [InlineData(""" "urn:example:params:scim:schemas:extension:asset:2.0:Device": { "owner": "alice" } """)]
    [InlineData(""" "urn:example:params:scim:schemas:extension:asset:2.0:Device": null """)]
    public void Omitting_an_immutable_attribute_keeps_its_stored_value(string members)
    {
        var current = ReadDevice(StoredDevice);
        var replacement = ReadDevice(members);

        ResourceValidator.CheckImmutable(current, replacement, Device);

        Assert.Equal("SN-1", (string?)replacement["serialNumber"]);
        Assert.Equal("A-1", (string?)replacement[AssetSchema]?["assetTag"]);
    }

    [Fact]
    public void Sending_an_immutable_attribute_unchanged_is_accepted()
    {
        var current = ReadDevice(StoredDevice);
        var replacement = ReadDevice(""" "serialNumber": "SN-1", "urn:example:params:scim:schemas:extension:asset:2.0:Device": { "assetTag": "A-1" } """);
        var sent = replacement.ToJsonString();

        ResourceValidator.CheckImmutable(current, replacement, Device);

        JsonAssert.Equal(sent, replacement);
    }

    [Fact]
    public void An_immutable_attribute_without_a_value_can_be_set()
    {
        var current = ReadDevice("");
        var replacement = ReadDevice(""" "serialNumber": "SN-9" """);

        ResourceValidator.CheckImmutable(current, replacement, Device);

        Assert.Equal("SN-9", (string?)replacement["serialNumber"]);
    }

    /// <summary>Reads a device body made of <c>schemas</c>, <c>displayName</c> and the given members.</summary>
    private static JsonObject ReadDevice(string members) =>
        ResourceValidator.ReadRepresentation(
            Parse($$"""{ "schemas": ["{{DeviceSchema}}"], "displayName": "Laptop"{{Members(members)}} }"""),
            Device);

    /// <summary>Reads a user body made of <c>schemas</c>, <c>userName</c> and the given members.</summary>
    private static JsonObject ReadUser(string members) =>
        ResourceValidator.ReadRepresentation(
            Parse($$"""{ "schemas": ["{{ScimSchemas.User}}"], "userName": "bjensen"{{Members(members)}} }"""),
            Registry.User);

    /// <summary>The stored attributes of such a user: <c>userName</c> and the given members.</summary>
    private static string StoredUser(string members) =>
        $$"""{ "userName": "bjensen"{{Members(members)}} }""";

    private static string Members(string members) => members.Trim().Length == 0 ? "" : ", " + members;

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static void AssertRefused(string scimType, Action action)
    {
        var error = Assert.Throws<ScimException>(action);
        Assert.Equal(400, error.Status);
        Assert.Equal(scimType, error.ScimType);
    }
}
