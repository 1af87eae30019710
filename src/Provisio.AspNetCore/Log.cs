using Microsoft.Extensions.Logging;

namespace Provisio.AspNetCore;

/// <summary>
/// Everything Provisio.AspNetCore logs, with stable event ids. Text that comes from a request is passed through
/// <see cref="Logging.LogText.Escape"/> first; query strings and bodies (e-mail addresses in filters) are never logged.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "RequestCompleted", Level = LogLevel.Information,
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 1002, EventName = "FailedAuthenticationLimited", Level = LogLevel.Debug,
        Message = "Too many failed authentications from {ClientAddress}: answering 429")]
    public static partial void FailedAuthenticationLimited(ILogger logger, string clientAddress);
}
