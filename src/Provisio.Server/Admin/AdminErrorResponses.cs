using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Provisio.Storage.Sql;

namespace Provisio.Server.Admin;

/// <summary>Gives the admin API's body-less errors (unknown route, wrong method, exception, database away) problem details.</summary>
internal static class AdminErrorResponses
{
    private const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseAdminErrorResponses(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context =>
            {
                var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                if (error is DbException database && context.RequestServices.GetService<ISqlDialect>() is { } dialect && dialect.IsTransient(database))
                {
                    context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    return AdminProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                        $"The directory database is not available right now. Retry in {RetryAfterSeconds} seconds.");
                }
                return AdminProblem.WriteAsync(context, StatusCodes.Status500InternalServerError, "The server could not complete the request.");
            },
        });
        app.UseStatusCodePages(context =>
        {
            var status = context.HttpContext.Response.StatusCode;
            var detail = status switch
            {
                404 => "No such endpoint.",
                405 => "This endpoint does not allow that method.",
                415 => "This endpoint does not take a body of that Content-Type; the OpenAPI document at /api/openapi/v1.json lists the ones it takes.",
                _ => "The request failed.",
            };
            return AdminProblem.WriteAsync(context.HttpContext, status, detail);
        });
        return app;
    }
}
