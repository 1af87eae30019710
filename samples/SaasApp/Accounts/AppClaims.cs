namespace SaasApp.Accounts;

/// <summary>The claims the app's own sign-ins carry.</summary>
public static class AppClaims
{
    /// <summary>The server-side session id: the cookie is only a pointer to the sessions row.</summary>
    public const string SessionId = "sid";

    /// <summary>The id of the API key that authenticated the request.</summary>
    public const string ApiKeyId = "key";
}
