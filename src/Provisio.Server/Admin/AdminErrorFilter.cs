using Provisio.Server.Webhooks;

namespace Provisio.Server.Admin;

/// <summary>Turns a bad request raised while reading or carrying out an admin API request into a problem-details 400.</summary>
internal sealed class AdminErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException exception)
        {
            return AdminProblem.Result(exception.StatusCode, exception.Message);
        }
        catch (WebhookRequestException exception)
        {
            return AdminProblem.BadRequest(exception.Message);
        }
    }
}
