using System.Text.Json.Nodes;
using Provisio.Scim.Passwords;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// What a tenant's settings take out of a write before it reaches the store: the sensitive attributes, and a
/// password's clear text, which becomes its hash (or is dropped as well when the tenant lists <c>password</c>).
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

    /// <summary>The hash to store for <paramref name="password"/>; null when none was sent or passwords are dropped.</summary>
    public string? Hash(string? password, ResourceTypeDefinition type) =>
        password is null || SensitiveAttributes.Lists(Sensitive, type.Schema.Id, "password") ? null : PasswordHash.Create(password);
}
