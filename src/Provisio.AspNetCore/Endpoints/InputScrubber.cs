using System.Text.Json.Nodes;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// What a tenant's settings take out of a write before it reaches the store: the sensitive attributes, and the
/// password as well when the tenant lists <c>password</c> (otherwise only its hash is kept).
/// </summary>
internal sealed record InputScrubber(IReadOnlyList<string> Sensitive)
{
    /// <summary>
    /// The tenant's list without the paths <see cref="SensitiveAttributes.Refusal"/> refuses (settings written by an
    /// embedding app bypass the CLI's check): dropping <c>userName</c> or <c>id</c> would break every write.
    /// </summary>
    public static InputScrubber For(TenantSettings settings) =>
        new([.. settings.SensitiveAttributes.Where(p => SensitiveAttributes.Refusal(p) is null)]);

    public JsonObject Scrub(JsonObject attributes, ResourceTypeDefinition type) =>
        SensitiveAttributes.Remove(attributes, Sensitive, type.Schema.Id);

    /// <summary>Whether the tenant lists <c>password</c>: then not even its hash is kept.</summary>
    public bool DropsPasswords(ResourceTypeDefinition type) => SensitiveAttributes.Lists(Sensitive, type.Schema.Id, "password");
}
