using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace SaasApp.Accounts;

/// <summary>
/// The sign-in cookie. It holds only the session id (encrypted by Data Protection); every request checks that session
/// in the database, so a session ended there — by sign-out or because the IdP deactivated the user — stops working on
/// the very next request instead of when the cookie expires.
/// </summary>
public static class SessionCookie
{
    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "saasapp.session";
        options.Cookie.HttpOnly = true;
        // The browser does not send the cookie on requests from other sites: the sample's defence against cross-site
        // POSTs (to /api-keys, /signout). An app with more forms adds antiforgery tokens as well.
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.LoginPath = "/signin";
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
        options.Events.OnValidatePrincipal = ValidateAsync;
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirstValue(AppClaims.SessionId);
        var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        if (sessionId is not null && await sessions.FindLiveAsync(sessionId, context.HttpContext.RequestAborted) is not null)
        {
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }
}
