using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace SaasApp.Accounts;

/// <summary>Sign-in, who-am-I, and API keys: the parts of a SaaS app that a leaver must lose at once.</summary>
public static class AccountEndpoints
{
    public const string ApiKeyPolicy = "ApiKey";

    // DEV SIGN-IN, NO PASSWORD: anyone who knows a userName can sign in as that user. It stands in for your real
    // IdP single sign-on (OIDC or SAML) so the sample stays short; never ship it.
    private const string SignInPage = """
        <!doctype html>
        <title>Sign in — SaasApp (dev sign-in)</title>
        <p><strong>Dev sign-in, no password.</strong> Use your real IdP SSO here.
        Only users the IdP provisioned, and that are active, can sign in.</p>
        <form method="post" action="/signin">
          <label>userName <input name="userName" autofocus></label>
          <button>Sign in</button>
        </form>
        """;

    public static void MapAccounts(this IEndpointRouteBuilder app)
    {
        app.MapGet("/signin", () => Results.Content(SignInPage, "text/html; charset=utf-8"));
        app.MapPost("/signin", SignInAsync);
        app.MapPost("/signout", SignOutAsync).RequireAuthorization();
        app.MapGet("/me", MeAsync).RequireAuthorization();
        app.MapPost("/api-keys", CreateApiKeyAsync).RequireAuthorization();
        app.MapGet("/api/whoami", WhoAmI).RequireAuthorization(ApiKeyPolicy);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, SessionStore sessions)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var userName = form?["userName"].ToString().Trim();
        if (string.IsNullOrEmpty(userName))
        {
            return Results.Text("Send the form field userName.", statusCode: StatusCodes.Status400BadRequest);
        }
        if (await sessions.StartAsync(userName, context.RequestAborted) is not { } started)
        {
            return Results.Text("No active user with that userName: the IdP has not provisioned it, or has deactivated it.",
                statusCode: StatusCodes.Status401Unauthorized);
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, started.User.Id),
                new Claim(ClaimTypes.Name, started.User.UserName),
                new Claim(AppClaims.SessionId, started.SessionId),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.Redirect("/me");
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, ClaimsPrincipal user, SessionStore sessions)
    {
        await sessions.EndAsync(user.FindFirstValue(AppClaims.SessionId)!, context.RequestAborted);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/signin");
    }

    private static async Task<IResult> MeAsync(HttpContext context, ClaimsPrincipal user, SessionStore sessions)
    {
        // The cookie check has just confirmed the session; read the user again for a displayName the IdP may have changed.
        var me = await sessions.FindLiveAsync(user.FindFirstValue(AppClaims.SessionId)!, context.RequestAborted);
        return me is null
            ? Results.Unauthorized()
            : Results.Json(new { id = me.Id, userName = me.UserName, displayName = me.DisplayName });
    }

    private static async Task<IResult> CreateApiKeyAsync(HttpContext context, ClaimsPrincipal user, ApiKeyStore keys)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var name = form?["name"].ToString().Trim() is { Length: > 0 and <= 100 } given ? given : "api key";
        var (keyId, key) = await keys.CreateAsync(user.FindFirstValue(ClaimTypes.NameIdentifier)!, name, context.RequestAborted);
        return Results.Json(new { id = keyId, name, key, note = "Shown once: only its hash is stored." }, statusCode: StatusCodes.Status201Created);
    }

    private static IResult WhoAmI(ClaimsPrincipal user) => Results.Json(new
    {
        id = user.FindFirstValue(ClaimTypes.NameIdentifier),
        userName = user.FindFirstValue(ClaimTypes.Name),
        apiKeyId = user.FindFirstValue(AppClaims.ApiKeyId),
    });
}
