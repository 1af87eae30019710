using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Provisio.AspNetCore.Http;
using Provisio.AspNetCore.Telemetry;
using Provisio.Scim.Errors;

namespace Provisio.AspNetCore.Endpoints;

/// <summary>
/// <c>/Me</c> (RFC 7644 §3.11) names the user a token belongs to; Provisio's tokens belong to an IdP connection, not
/// a user, so every method answers 501 as the RFC asks of a service provider without it (rather than 404).
/// </summary>
internal static class MeEndpoints
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    public static void Map(RouteGroupBuilder group) =>
        group.MapMethods("/Me", Methods, () => ScimErrorWriter.ToResult(new ScimException(StatusCodes.Status501NotImplemented, null,
            "/Me is not supported: a Provisio token belongs to an identity provider's connection, not to a user.")))
            .WithMetadata(new ScimOperation("Me", "unsupported"));
}
