using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Which URLs an endpoint may have, checked when it is added or changed: absolute https, no user name or password, no
/// fragment, at most <see cref="MaxLength"/> characters, and a host that resolves to public addresses only (unless
/// <see cref="WebhookOptions.AllowPrivateNetworks"/>). The sender checks the address again when it connects.
/// </summary>
internal sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options)
{
    public const int MaxLength = 2_048;
    private const string AllowSetting = "Provisio:Webhooks:AllowPrivateNetworks=true";

    /// <summary>The URL when it may be used, else a problem that says what is wrong with it.</summary>
    public async Task<WebhookUrlCheck> CheckAsync(string? text, CancellationToken cancellationToken)
    {
        var allowPrivate = options.Value.AllowPrivateNetworks;
        if (string.IsNullOrWhiteSpace(text))
        {
            return WebhookUrlCheck.Refused("url is required: the https URL that receives the events.");
        }
        if (text.Length > MaxLength)
        {
            return WebhookUrlCheck.Refused($"url is {text.Length:N0} characters long; at most {MaxLength:N0} are allowed.");
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.IsFile || url.IsUnc || string.IsNullOrEmpty(url.Host))
        {
            return WebhookUrlCheck.Refused("url must be an absolute URL, e.g. https://hooks.example.com/provisio.");
        }
        if (url.Scheme == Uri.UriSchemeHttp && !allowPrivate)
        {
            return WebhookUrlCheck.Refused($"url must use https; plain http is allowed only with {AllowSetting}.");
        }
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            return WebhookUrlCheck.Refused($"url must use https, not '{url.Scheme}'.");
        }
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            return WebhookUrlCheck.Refused("url must not contain a user name or password; the signature authenticates each delivery.");
        }
        if (!string.IsNullOrEmpty(url.Fragment) || text.Contains('#', StringComparison.Ordinal))
        {
            return WebhookUrlCheck.Refused("url must not have a fragment (#…); it is never sent to the server.");
        }
        if (allowPrivate)
        {
            return WebhookUrlCheck.Allowed(url);
        }
        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(url.IdnHost, cancellationToken);
        }
        catch (SocketException exception)
        {
            return WebhookUrlCheck.Refused($"The URL's host '{url.IdnHost}' does not resolve ({exception.SocketErrorCode}); endpoints must have a public address.");
        }
        if (addresses.Length == 0)
        {
            return WebhookUrlCheck.Refused($"The URL's host '{url.IdnHost}' resolves to no address; endpoints must have a public address.");
        }
        if (addresses.FirstOrDefault(a => !NetworkAddressRules.IsPublic(a)) is { } refused)
        {
            return WebhookUrlCheck.Refused(
                $"The URL resolves to {refused}, a loopback/private address; endpoints must be public (set {AllowSetting} to allow).");
        }
        return WebhookUrlCheck.Allowed(url);
    }
}

/// <summary>What <see cref="WebhookUrlPolicy"/> made of a URL: the URL, or why it is refused.</summary>
internal sealed record WebhookUrlCheck(Uri? Url, string? Problem)
{
    public static WebhookUrlCheck Allowed(Uri url) => new(url, null);

    public static WebhookUrlCheck Refused(string problem) => new(null, problem);
}
