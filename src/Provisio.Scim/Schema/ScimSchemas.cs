namespace Provisio.Scim.Schema;

/// <summary>The URNs defined by RFC 7643 and RFC 7644.</summary>
public static class ScimSchemas
{
    public const string User = "urn:ietf:params:scim:schemas:core:2.0:User";
    public const string Group = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public const string EnterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    public const string ServiceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    public const string ResourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    public const string Schema = "urn:ietf:params:scim:schemas:core:2.0:Schema";
    public const string ListResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public const string PatchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    public const string SearchRequest = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
    public const string BulkRequest = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
    public const string BulkResponse = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
}
