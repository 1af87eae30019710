using Provisio.AspNetCore.Http;
using Provisio.Scim.Bulk;
using Provisio.Scim.Errors;
using Provisio.Scim.Resources;
using Provisio.Scim.Schema;
using Provisio.Storage;
using Provisio.Storage.Audit;
using Provisio.Storage.Events;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// Runs a BulkRequest for one tenant: each operation in <see cref="BulkPlan"/> order, each its own transaction through
/// <see cref="ResourceCommands"/>, with <c>bulkId:</c> references replaced by the ids created before it. An operation
/// whose bulkId failed makes the ones that refer to it fail too (409); <c>failOnErrors</c> stops the rest.
/// </summary>
internal sealed class BulkExecutor(ScimServices services, string tenant, string baseUrl, WriteContext context)
{
    private readonly Dictionary<string, string> createdIds = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<BulkResult>> RunAsync(BulkRequest request, CancellationToken cancellationToken)
    {
        var results = new List<BulkResult>(request.Operations.Count);
        var errors = 0;
        foreach (var step in BulkPlan.Order(request.Operations))
        {
            if (errors >= request.FailOnErrors)
            {
                break;
            }
            var result = await RunAsync(step, cancellationToken);
            results.Add(result);
            if (result.Error is { } error)
            {
                errors++;
                await AuditRefusalAsync(step.Operation, error);
            }
        }
        return results;
    }

    private async Task<BulkResult> RunAsync(BulkStep step, CancellationToken cancellationToken)
    {
        var operation = step.Operation;
        if (step.Refusal is not null)
        {
            return BulkResult.Failed(operation, step.Refusal);
        }
        if (step.References.FirstOrDefault(r => !createdIds.ContainsKey(r)) is { } failed)
        {
            return BulkResult.Failed(operation, new ScimException(409, null,
                $"'{BulkReferences.Prefix}{ErrorText.Excerpt(failed)}' refers to an operation of this request that failed."));
        }
        var path = BulkReferences.Resolve(operation.Path, createdIds);
        var data = BulkReferences.Resolve(operation.Data, createdIds);
        try
        {
            var (type, id) = Target(operation.Method, path);
            return await RunAsync(operation, type, id, data, cancellationToken);
        }
        catch (ScimException error)
        {
            return BulkResult.Failed(operation, error, path.Contains('/', StringComparison.Ordinal) && operation.Method != "POST" ? baseUrl + path : null);
        }
    }

    private async Task<BulkResult> RunAsync(BulkOperation operation, ResourceTypeDefinition type, string id, System.Text.Json.Nodes.JsonObject? data, CancellationToken cancellationToken)
    {
        var commands = services.Commands;
        // Each operation is audited as itself: its method and path, under the request's token and request id.
        var write = context with { Method = operation.Method, Path = operation.Method == "POST" ? type.Endpoint : $"{type.Endpoint}/{id}" };
        var resource = operation.Method switch
        {
            // A bulk answer names the resource and its version, never its body: nothing is read back.
            "POST" => (await commands.CreateAsync(tenant, type, data!, ReadOptions.DocumentOnly, write, cancellationToken)).Resource,
            "PUT" => (await commands.ReplaceAsync(tenant, type, id, data!, ReadOptions.DocumentOnly, operation.Version, write, cancellationToken)).Resource,
            "PATCH" => (await commands.PatchAsync(tenant, type, id, data!, ReadOptions.DocumentOnly, operation.Version, write, cancellationToken)).Resource,
            _ => null,
        };
        if (resource is null)
        {
            await commands.DeleteAsync(tenant, type, id, operation.Version, write, cancellationToken);
            return new BulkResult(operation, 204, ResourceRenderer.ReferenceTo(type, id, baseUrl), null, null);
        }
        if (operation.BulkId is not null)
        {
            createdIds[operation.BulkId] = resource.Id;
        }
        return new BulkResult(operation, operation.Method == "POST" ? 201 : 200, services.Renderer.LocationOf(resource, baseUrl), resource.Meta.ETag, null);
    }

    /// <summary>
    /// A refused operation committed nothing, so the store wrote no audit row for it: it gets its own, as a refused
    /// request would.
    /// </summary>
    private Task AuditRefusalAsync(BulkOperation operation, ScimException error)
    {
        var path = ErrorText.Excerpt(operation.Path, ScimWriteContext.MaxPathLength);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var type = segments.Length > 0 ? services.Registry.ResourceTypes.FirstOrDefault(t => t.Endpoint.TrimStart('/').Equals(segments[0], StringComparison.OrdinalIgnoreCase)) : null;
        var write = context with { Method = operation.Method, Path = path };
        return services.Audit.WriteAsync(AuditEntry.For(tenant, write, services.Time.GetUtcNow(), error.Status) with
        {
            ErrorType = error.ScimType,
            ResourceType = type?.Name,
            ResourceId = type is not null && segments.Length == 2 ? ScimWriteContext.Bounded(segments[1]) : null,
        }, CancellationToken.None);
    }

    /// <summary>POST names a resource endpoint (<c>/Users</c>); the other methods name one resource (<c>/Users/{id}</c>).</summary>
    private (ResourceTypeDefinition Type, string Id) Target(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var type = segments.Length > 0
            ? services.Registry.ResourceTypes.FirstOrDefault(t => string.Equals(t.Endpoint.TrimStart('/'), segments[0], StringComparison.OrdinalIgnoreCase))
            : null;
        var expected = method == "POST" ? 1 : 2;
        if (type is null || segments.Length != expected)
        {
            var shape = method == "POST" ? "/Users or /Groups" : "/Users/{id} or /Groups/{id}";
            throw ScimException.BadRequest(ScimErrorType.InvalidPath, $"A {method} operation's path must be {shape}, not '{ErrorText.Excerpt(path)}'.");
        }
        return (type, method == "POST" ? "" : Uri.UnescapeDataString(segments[1]));
    }
}
