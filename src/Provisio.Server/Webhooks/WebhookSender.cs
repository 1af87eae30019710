using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Provisio.Storage.Webhooks;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Posts signed events with the <see cref="ClientName"/> client: a handler that follows no redirect, uses no proxy,
/// and checks every address it connects to against <see cref="NetworkAddressRules"/> (unless private networks are
/// allowed), so neither a URL nor a DNS answer that changes after the URL was checked can reach the server's own network.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, IOptions<WebhookOptions> options, TimeProvider time)
    : IWebhookSender
{
    public const string ClientName = "Provisio.Webhooks";

    /// <summary>Characters of a refusing endpoint's response kept in the delivery log.</summary>
    private const int MaxSnippetLength = 200;

    private readonly WebhookOptions settings = options.Value;

    public async Task<WebhookSendResult> SendAsync(WebhookEndpoint endpoint, string eventId, ReadOnlyMemory<byte> body, int attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var now = time.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Provisio-Event-Id", eventId);
        request.Headers.Add("Provisio-Delivery-Attempt", attempt.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(now, body.Span, secrets.SigningSecrets(endpoint, now)));
        using var timeout = new CancellationTokenSource(settings.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = time.GetTimestamp();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new WebhookSendResult(true, status, time.GetElapsedTime(started), null);
            }
            var error = status is >= 300 and < 400 ? $"HTTP {status} (redirects are not followed)" : $"HTTP {status}";
            var snippet = await ReadSnippetAsync(response, linked.Token);
            return new WebhookSendResult(false, status, time.GetElapsedTime(started), snippet.Length == 0 ? error : $"{error}: {snippet}")
            {
                Cause = error,
            };
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new WebhookSendResult(false, null, time.GetElapsedTime(started), $"no response within {settings.Timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException exception)
        {
            return new WebhookSendResult(false, null, time.GetElapsedTime(started), Describe(exception));
        }
    }

    /// <summary>The handler behind <see cref="ClientName"/>.</summary>
    public static SocketsHttpHandler CreateHandler(WebhookOptions settings) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        ConnectTimeout = settings.Timeout,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = (context, cancellationToken) => ConnectAsync(context, settings.AllowPrivateNetworks, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!allowPrivateNetworks && addresses.FirstOrDefault(a => !NetworkAddressRules.IsPublic(a)) is { } refused)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"{host} resolves to {refused}, a loopback, link-local or private address; refused (Provisio:Webhooks:AllowPrivateNetworks is off)");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The start of a refusing endpoint's answer, as text on one line; never more than the configured bytes are read.</summary>
    private async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var buffer = new byte[settings.MaxResponseBytes];
        var read = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            int count;
            while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
            {
                read += count;
            }
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            // A body cut short still tells something; the status code is what counts.
        }
        var text = new StringBuilder(Encoding.UTF8.GetString(buffer, 0, read));
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                text[i] = ' ';
            }
        }
        var snippet = text.ToString().Trim();
        return snippet.Length > MaxSnippetLength ? snippet[..MaxSnippetLength] + "…" : snippet;
    }

    private static string Describe(HttpRequestException exception)
    {
        // The innermost message names the cause ("Connection refused", "Name or service not known", ours above).
        var cause = exception.InnerException is { } inner ? inner.GetBaseException().Message : exception.Message;
        return exception.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => $"the host name could not be resolved: {cause}",
            HttpRequestError.SecureConnectionError => $"TLS failed: {cause}",
            _ => $"connection failed: {cause}",
        };
    }
}
