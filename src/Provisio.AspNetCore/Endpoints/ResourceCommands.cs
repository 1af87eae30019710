using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Provisio.Scim.Errors;
using Provisio.Scim.Patching;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Scim.Validation;
using Provisio.Storage;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// The four SCIM writes, from a request body to a stored resource, each its own transaction. The HTTP endpoints and
/// every operation of a /Bulk request go through here, so both behave the same.
/// </summary>
internal sealed class ResourceCommands(IResourceStore store, IOptions<ProvisioOptions> options)
{
    public Task<ScimResource> CreateAsync(string tenant, ResourceTypeDefinition type, JsonObject body, WriteContext context, CancellationToken cancellationToken)
    {
        var attributes = ResourceValidator.ReadRepresentation(body, type);
        return store.CreateAsync(tenant, new ResourceChange(type.Name, attributes), context, cancellationToken);
    }

    public Task<ScimResource> ReplaceAsync(string tenant, ResourceTypeDefinition type, string id, JsonObject body, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        var replacement = ResourceValidator.ReadRepresentation(body, type);
        return store.UpdateAsync(tenant, type.Name, id, current =>
        {
            ResourceValidator.CheckImmutable(current.Attributes, replacement, type);
            return new ResourceChange(type.Name, replacement);
        }, ifMatch, context, cancellationToken);
    }

    /// <summary>Applies a PatchOp message; says whether it changed the membership (for the 204 on large groups).</summary>
    public async Task<(ScimResource Resource, bool MembersChanged)> PatchAsync(string tenant, ResourceTypeDefinition type, string id, JsonObject body, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        var operations = PatchRequestReader.Read(body, options.Value.MaxPatchOperations);
        var membersChanged = false;
        var updated = await store.UpdateAsync(tenant, type.Name, id, current =>
        {
            var result = PatchEngine.Apply(current, operations, type);
            membersChanged = result.Membership.Count > 0;
            return new ResourceChange(type.Name, result.Attributes, result.Membership);
        }, ifMatch, context, cancellationToken);
        return (updated, membersChanged);
    }

    public async Task DeleteAsync(string tenant, ResourceTypeDefinition type, string id, string? ifMatch, WriteContext context, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(tenant, type.Name, id, ifMatch, context, cancellationToken))
        {
            throw NotFound(type, id);
        }
    }

    public static ScimException NotFound(ResourceTypeDefinition type, string id) => ScimException.NotFound($"{type.Name} '{id}' not found.");
}
