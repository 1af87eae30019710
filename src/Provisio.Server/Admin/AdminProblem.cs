namespace Provisio.Server.Admin;

/// <summary>
/// The admin API's errors: RFC 9457 problem details (<c>application/problem+json</c>) with a detail that says what
/// to fix, never the SCIM error shape.
/// </summary>
internal static class AdminProblem
{
    public static IResult Result(int status, string detail) => TypedResults.Problem(detail: detail, statusCode: status);

    public static IResult BadRequest(string detail) => Result(StatusCodes.Status400BadRequest, detail);

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, detail);

    public static Task WriteAsync(HttpContext context, int status, string detail) => Result(status, detail).ExecuteAsync(context);
}
