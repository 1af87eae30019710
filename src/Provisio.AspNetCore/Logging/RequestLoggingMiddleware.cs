using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Provisio.AspNetCore.Logging;

/// <summary>
/// One line per request once it is answered: method, path (control characters escaped) and status, never the query
/// string, whose filters carry e-mail addresses. It replaces ASP.NET Core's hosting log, which prints both raw.
/// Logged under the category <see cref="Category"/>, so operators can turn it on or off by one short name.
/// </summary>
internal sealed class RequestLoggingMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    /// <summary>The log category of the request lines.</summary>
    public const string Category = "Provisio.Requests";

    private readonly ILogger logger = loggers.CreateLogger(Category);

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
