using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Provisio.AspNetCore.Logging;

/// <summary>
/// One line per request once it is answered: method, path (control characters escaped) and status, never the query
/// string, whose filters carry e-mail addresses. It replaces ASP.NET Core's hosting log, which prints both raw.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var request = context.Request;
                var method = LogText.Escape(request.Method);
                var path = LogText.Escape(request.PathBase.Value + request.Path.Value);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Log.RequestCompleted(logger, method, path, context.Response.StatusCode, elapsed);
            }
        }
    }
}
