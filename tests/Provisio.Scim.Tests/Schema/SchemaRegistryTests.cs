using Provisio.Scim.Schema;

namespace Provisio.Scim.Tests.Schema;

public sealed class SchemaRegistryTests
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.CreateDefault();

    [Fact]
    public void The_default_registry_loads_the_three_built_in_schemas()
    {
        Assert.Equal(
            [ScimSchemas.Group, ScimSchemas.User, ScimSchemas.EnterpriseUser],
            Registry.Schemas.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(Registry.Schemas, schema =>
        {
            Assert.NotEmpty(schema.Attributes);
            Assert.Equal(schema.Id, (string?)schema.Representation["id"]);
        });
    }

    [Theory]
    [InlineData("User", "/Users", ScimSchemas.User, new[] { ScimSchemas.EnterpriseUser })]
    [InlineData("Group", "/Groups", ScimSchemas.Group, new string[0])]
    public void The_default_registry_serves_User_with_the_enterprise_extension_and_Group(string name, string endpoint, string schema, string[] extensions)
    {
        var type = Registry.FindResourceType(name);

        Assert.NotNull(type);
        Assert.Equal(endpoint, type.Endpoint);
        Assert.Equal(schema, type.Schema.Id);
        Assert.Equal(extensions, type.Extensions.Select(e => e.Schema.Id));
        Assert.All(type.Extensions, e => Assert.False(e.Required));
    }

    [Theory]
    [InlineData(ScimSchemas.User, "userName", AttributeType.String, false, true, false, Mutability.ReadWrite, Returned.Default, Uniqueness.Server)]
    [InlineData(ScimSchemas.User, "password", AttributeType.String, false, false, false, Mutability.WriteOnly, Returned.Never, Uniqueness.None)]
    [InlineData(ScimSchemas.User, "groups", AttributeType.Complex, true, false, false, Mutability.ReadOnly, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.User, "groups.value", AttributeType.String, false, false, false, Mutability.ReadOnly, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.User, "emails", AttributeType.Complex, true, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.User, "emails.primary", AttributeType.Boolean, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.User, "name.givenName", AttributeType.String, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.User, "active", AttributeType.Boolean, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.User, "profileUrl", AttributeType.Reference, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.Group, "displayName", AttributeType.String, false, true, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.Group, "members", AttributeType.Complex, true, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.Group, "members.value", AttributeType.String, false, false, false, Mutability.Immutable, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.Group, "members.display", AttributeType.String, false, false, false, Mutability.ReadOnly, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.EnterpriseUser, "employeeNumber", AttributeType.String, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.EnterpriseUser, "manager", AttributeType.Complex, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.EnterpriseUser, "manager.value", AttributeType.String, false, false, false, Mutability.ReadWrite, Returned.Default, Uniqueness.None)]
    [InlineData(ScimSchemas.EnterpriseUser, "manager.displayName", AttributeType.String, false, false, false, Mutability.ReadOnly, Returned.Default, Uniqueness.None)]
    public void Built_in_attributes_have_their_RFC_7643_characteristics(
        string schema,
        string path,
        AttributeType type,
        bool multiValued,
        bool required,
        bool caseExact,
        Mutability mutability,
        Returned returned,
        Uniqueness uniqueness)
    {
        var attribute = Find(schema, path);

        Assert.Equal(
            (type, multiValued, required, caseExact, mutability, returned, uniqueness),
            (attribute.Type, attribute.MultiValued, attribute.Required, attribute.CaseExact, attribute.Mutability, attribute.Returned, attribute.Uniqueness));
    }

    [Theory]
    [InlineData(ScimSchemas.User, "USERNAME", "userName")]
    [InlineData(ScimSchemas.User, "Name.GIVENNAME", "givenName")]
    [InlineData(ScimSchemas.Group, "Members.$REF", "$ref")]
    public void Attributes_are_found_case_insensitively(string schema, string path, string expectedName)
    {
        Assert.Equal(expectedName, Find(schema, path).Name);
    }

    [Theory]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:user")]
    [InlineData("URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER")]
    public void Schemas_and_extensions_are_found_case_insensitively(string urn)
    {
        Assert.NotNull(Registry.FindSchema(urn));
    }

    [Fact]
    public void The_enterprise_extension_is_found_on_User_by_its_URN()
    {
        Assert.Equal(ScimSchemas.EnterpriseUser, Registry.User.FindExtension(ScimSchemas.EnterpriseUser.ToUpperInvariant())?.Schema.Id);
        Assert.Null(Registry.Group.FindExtension(ScimSchemas.EnterpriseUser));
    }

    private static AttributeDefinition Find(string schemaUrn, string path)
    {
        var schema = Registry.FindSchema(schemaUrn);
        Assert.NotNull(schema);
        var names = path.Split('.');
        var attribute = schema.FindAttribute(names[0]);
        Assert.NotNull(attribute);
        if (names.Length == 2)
        {
            attribute = attribute.FindSubAttribute(names[1]);
            Assert.NotNull(attribute);
        }
        return attribute;
    }
}
