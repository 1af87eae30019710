using System.Text.Json.Nodes;
using Provisio.Scim.Schema;

namespace Provisio.Scim.Messages;

/// <summary>
/// What the service provider really supports (RFC 7643 §5). Every member Okta's checks read is always present, and a
/// feature is advertised as supported only when it works.
/// </summary>
public sealed record ServiceProviderConfig
{
    public bool PatchSupported { get; init; }

    public bool BulkSupported { get; init; }

    public int BulkMaxOperations { get; init; }

    public int BulkMaxPayloadSize { get; init; }

    public bool FilterSupported { get; init; } = true;

    public int FilterMaxResults { get; init; }

    public bool ChangePasswordSupported { get; init; }

    public bool SortSupported { get; init; }

    public bool ETagSupported { get; init; }

    /// <summary>RFC 9865 cursor paging beside index paging.</summary>
    public bool CursorSupported { get; init; }

    public int DefaultPageSize { get; init; }

    /// <summary>How long a cursor stays valid between page requests, in seconds.</summary>
    public int CursorTimeoutSeconds { get; init; }

    /// <summary>
    /// Whether the RFC 9865 <c>pagination</c> member is written. Strict RFC 7643 clients refuse members they do not
    /// know, so a deployment serving them can leave it out; cursors keep working either way.
    /// </summary>
    public bool AdvertisePagination { get; init; } = true;

    public JsonObject ToJson(string baseUrl)
    {
        var json = Members(baseUrl);
        if (!AdvertisePagination)
        {
            json.Remove("pagination");
        }
        return json;
    }

    private JsonObject Members(string baseUrl) => new()
    {
        ["schemas"] = new JsonArray(ScimSchemas.ServiceProviderConfig),
        ["documentationUri"] = "https://github.com/provisio/provisio/tree/main/docs",
        ["patch"] = new JsonObject { ["supported"] = PatchSupported },
        ["bulk"] = new JsonObject
        {
            ["supported"] = BulkSupported,
            ["maxOperations"] = BulkMaxOperations,
            ["maxPayloadSize"] = BulkMaxPayloadSize,
        },
        ["filter"] = new JsonObject { ["supported"] = FilterSupported, ["maxResults"] = FilterMaxResults },
        ["changePassword"] = new JsonObject { ["supported"] = ChangePasswordSupported },
        ["sort"] = new JsonObject { ["supported"] = SortSupported },
        ["etag"] = new JsonObject { ["supported"] = ETagSupported },
        ["pagination"] = new JsonObject
        {
            ["cursor"] = CursorSupported,
            ["index"] = true,
            ["defaultPaginationMethod"] = "index",
            ["defaultPageSize"] = DefaultPageSize,
            ["maxPageSize"] = FilterMaxResults,
            ["cursorTimeout"] = CursorTimeoutSeconds,
        },
        ["authenticationSchemes"] = new JsonArray(new JsonObject
        {
            ["type"] = "oauthbearertoken",
            ["name"] = "Bearer token",
            ["description"] = "A long-lived bearer token issued per tenant (provisio tokens create), sent as 'Authorization: Bearer <token>'.",
            ["specUri"] = "https://www.rfc-editor.org/rfc/rfc6750",
            ["primary"] = true,
        }),
        ["meta"] = new JsonObject
        {
            ["resourceType"] = "ServiceProviderConfig",
            ["location"] = $"{baseUrl}/ServiceProviderConfig",
        },
    };
}
