using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Provisio.Scim.Errors;
using Provisio.Scim.Passwords;
using Provisio.Scim.Patching;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage;
using Provisio.Storage.Events;
using Provisio.Storage.Passwords;
using Provisio.Storage.Tenancy;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// The four SCIM writes, from a request body to a stored resource, each its own transaction. The HTTP endpoints and
/// every operation of a /Bulk request go through here, so both behave the same.
/// </summary>
internal sealed class ResourceCommands(IResourceStore store, ITenantSettingsStore settings, IPasswordHashStore passwords, PasswordHashGate hashing, IOptions<ProvisioOptions> options)
{
    /// <summary>Creates a resource; <paramref name="read"/> says what its response needs read back with it.</summary>
    public async Task<WrittenResource> CreateAsync(string tenant, ResourceTypeDefinition type, JsonObject body, ReadOptions read, WriteContext context, CancellationToken cancellationToken)
    {
        var attributes = ResourceValidator.ReadRepresentation(body, type);
        var password = SentPassword.FromRepresentation(body, type);
        var scrubber = await ScrubberAsync(tenant, cancellationToken);
        var passwordHash = password is null || scrubber.DropsPasswords(type) ? null : await hashing.RunAsync(tenant, () => PasswordHash.Create(password), cancellationToken);
        var change = new ResourceChange(type.Name, scrubber.Scrub(attributes, type)) { PasswordHash = passwordHash };
        return await store.CreateAsync(tenant, change, read, context, cancellationToken);
    }

    public async Task<WrittenResource> ReplaceAsync(string tenant, ResourceTypeDefinition type, string id, JsonObject body, ReadOptions read, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        var replacement = ResourceValidator.ReadRepresentation(body, type);
        var password = SentPassword.FromRepresentation(body, type);
        var scrubber = await ScrubberAsync(tenant, cancellationToken);
        // Hashed here, not in the transaction below: PBKDF2 takes about 100 ms, and SQLite has one writer.
        var passwordHash = await NewPasswordHashAsync(tenant, type, id, password, scrubber, cancellationToken);
        return await store.UpdateAsync(tenant, type.Name, id, current =>
        {
            ResourceValidator.CheckImmutable(current.Attributes, replacement, type);
            return new ResourceChange(type.Name, scrubber.Scrub(replacement, type)) { PasswordHash = passwordHash };
        }, read, ifMatch, context, cancellationToken);
    }

    /// <summary>
    /// Applies a PatchOp message. A group whose members it changed comes back without them past
    /// <see cref="ReadOptions.MembershipLimit"/> (<see cref="WrittenResource.MembershipOmitted"/>, for the 204 on large groups).
    /// </summary>
    public async Task<WrittenResource> PatchAsync(string tenant, ResourceTypeDefinition type, string id, JsonObject body, ReadOptions read, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        var operations = PatchRequestReader.Read(body, options.Value.MaxPatchOperations);
        var password = SentPassword.FromPatch(operations, type);
        var scrubber = await ScrubberAsync(tenant, cancellationToken);
        var passwordHash = await NewPasswordHashAsync(tenant, type, id, password, scrubber, cancellationToken);
        return await store.UpdateAsync(tenant, type.Name, id, current =>
        {
            var result = PatchEngine.Apply(current, operations, type);
            // Stored values of attributes listed since they were written go too: after a PATCH none is left.
            return new ResourceChange(type.Name, scrubber.Scrub(result.Attributes, type), result.Membership) { PasswordHash = passwordHash };
        }, read, ifMatch, context, cancellationToken);
    }

    public async Task DeleteAsync(string tenant, ResourceTypeDefinition type, string id, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenant, type.Name, id, ifMatch, context, cancellationToken))
        {
            throw NotFound(type, id);
        }
    }

    /// <summary>
    /// The hash to store for the password a PUT or PATCH sent; null (the stored hash stays) when none was sent, the
    /// tenant drops passwords, or it is the password the user has: Okta's PUT echoes it, and a new salt would make
    /// every echo a password change.
    /// </summary>
    private async Task<string?> NewPasswordHashAsync(string tenant, ResourceTypeDefinition type, string id, string? password, InputScrubber scrubber, CancellationToken cancellationToken)
    {
        if (password is null || scrubber.DropsPasswords(type))
        {
            return null;
        }
        var stored = await passwords.FindAsync(tenant, id, cancellationToken);
        return await hashing.RunAsync(tenant, () => stored is not null && PasswordHash.Verify(stored, password) ? null : PasswordHash.Create(password), cancellationToken);
    }

    private async Task<InputScrubber> ScrubberAsync(string tenant, CancellationToken cancellationToken) =>
        InputScrubber.For(await settings.GetAsync(tenant, cancellationToken));

    public static ScimException NotFound(ResourceTypeDefinition type, string id) => ScimException.NotFound($"{type.Name} '{id}' not found.");
}
