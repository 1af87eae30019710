namespace Provisio.AspNetCore.Http;

internal static class ScimMediaTypes
{
    public const string ScimJson = "application/scim+json";
    public const string Response = "application/scim+json; charset=utf-8";
}
