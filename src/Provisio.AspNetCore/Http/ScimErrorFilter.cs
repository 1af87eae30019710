using System.Data.Common;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Provisio.Scim.Errors;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// Turns protocol errors raised anywhere below a SCIM endpoint into SCIM error responses. Other exceptions are left
/// to the host's exception handler (the server renders those in SCIM shape too).
/// </summary>
internal sealed class ScimErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ScimException exception)
        {
            return ScimErrorWriter.ToResult(exception);
        }
        catch (BadHttpRequestException exception)
        {
            var status = exception.StatusCode;
            return ScimErrorWriter.ToResult(new ScimException(status, status == 400 ? ScimErrorType.InvalidSyntax : null, exception.Message));
        }
        catch (DbException exception) when (StorageUnavailable.Matches(context.HttpContext, exception))
        {
            await StorageUnavailable.WriteAsync(context.HttpContext);
            return Results.Empty;
        }
        catch (JsonException exception)
        {
            return ScimErrorWriter.ToResult(ScimException.BadRequest(ScimErrorType.InvalidSyntax, $"The request body is not valid JSON: {exception.Message}"));
        }
    }
}
