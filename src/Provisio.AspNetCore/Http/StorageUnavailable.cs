using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Storage.Sql;

namespace Provisio.AspNetCore.Http;

/// <summary>
/// A database that is away (restarting, unreachable, busy) is the client's 503 with <c>Retry-After</c>, so IdPs retry
/// later instead of recording a failure; the server recovers by itself when the database is back.
/// </summary>
internal static class StorageUnavailable
{
    public const int RetryAfterSeconds = 5;

    public static bool Matches(HttpContext context, Exception? exception) =>
        exception is DbException database
        && context.RequestServices.GetService<ISqlDialect>() is { } dialect
        && dialect.IsTransient(database);

    public static Task WriteAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ScimErrorWriter.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, null,
            $"The directory database is not available right now. Retry in {RetryAfterSeconds} seconds.");
    }
}
