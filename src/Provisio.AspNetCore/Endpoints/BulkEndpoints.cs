using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Telemetry;
using Provisio.Scim.Bulk;

namespace Provisio.AspNetCore.Endpoints;

/// <summary><c>POST /Bulk</c> (RFC 7644 §3.7): many writes in one request, answered operation by operation.</summary>
internal static class BulkEndpoints
{
    public static void Map(RouteGroupBuilder group) => group.MapPost("/Bulk", ExecuteAsync).WithMetadata(new ScimOperation("Bulk", "bulk"));

    private static async Task<IResult> ExecuteAsync(HttpContext context, ScimServices services)
    {
        var body = await ScimRequestReader.ReadObjectAsync(context.Request, services.Options.MaxBulkPayloadBytes, context.RequestAborted);
        var request = BulkRequestReader.Read(body, services.Options.MaxBulkOperations);
        var executor = new BulkExecutor(services, context.TenantId(), context.ScimBaseUrl(), await services.WriteContextAsync(context));
        var results = await executor.RunAsync(request, context.RequestAborted);
        return new ScimJsonResult(StatusCodes.Status200OK, BulkResponse.ToJson(results));
    }
}
