using Microsoft.AspNetCore.Http;

namespace Provisio.AspNetCore.Http;

/// <summary>Puts <see cref="ScimResponseHeaders"/> on the answers that carry no SCIM body (204, 304).</summary>
internal sealed class ScimResponseHeadersFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ScimResponseHeaders.Apply(context.HttpContext.Response);
        return next(context);
    }
}
