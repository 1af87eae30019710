using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Provisio.Server.Tests.Webhooks;

/// <summary>
/// A webhook endpoint on a real loopback port: it checks every signature the way a receiver must (any v1 with one of
/// its secrets, over the timestamp and the raw body), records what arrived in order, and answers as the test says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<WebhookDelivery> deliveries = new();
    private int received;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The secrets a signature may be made with; set once the endpoint is created.</summary>
    public IReadOnlyList<string> Secrets { get; set; } = [];

    /// <summary>Deliveries answered 500 before the receiver starts to accept, counted over every delivery.</summary>
    public int RefuseFirst { get; set; }

    /// <summary>When set, the status code for a delivery (instead of 200, or 500 while refusing).</summary>
    public Func<WebhookDelivery, int>? Answer { get; set; }

    /// <summary>The body of every answer that is not 2xx, when set.</summary>
    public string? RefusalBody { get; set; }

    /// <summary>Waited before answering, e.g. to stand for a slow endpoint.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every request, in the order they arrived.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries => [.. deliveries];

    /// <summary>The deliveries answered 2xx.</summary>
    public IReadOnlyList<WebhookDelivery> Accepted => [.. deliveries.Where(d => d.Status is >= 200 and < 300)];

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", receiver.ReceiveAsync);
        app.MapPost("/hook/{*rest}", receiver.ReceiveAsync);
        await app.StartAsync();
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
            : throw new InvalidOperationException("no server");
        receiver.Url = new Uri(address.TrimEnd('/') + "/hook");
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var bytes = body.ToArray();
        var headers = context.Request.Headers;
        var delivery = new WebhookDelivery(
            (string?)headers["Provisio-Event-Id"],
            int.TryParse(headers["Provisio-Delivery-Attempt"], CultureInfo.InvariantCulture, out var attempt) ? attempt : 0,
            (string?)headers["Provisio-Signature"],
            context.Request.ContentType,
            bytes,
            SignatureIsValid((string?)headers["Provisio-Signature"], bytes, Secrets),
            Interlocked.Increment(ref received));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }
        delivery.Status = Answer?.Invoke(delivery) ?? (delivery.Number <= RefuseFirst ? 500 : 200);
        deliveries.Enqueue(delivery);
        context.Response.StatusCode = delivery.Status;
        if (delivery.Status >= 300 && delivery.Status < 400)
        {
            context.Response.Headers.Location = Url + "/elsewhere";
        }
        if (RefusalBody is not null && delivery.Status >= 300)
        {
            await context.Response.WriteAsync(RefusalBody);
        }
    }

    /// <summary>A receiver's check: some v1 of the header is HMAC-SHA256(secret, t + "." + body) for one of the secrets.</summary>
    public static bool SignatureIsValid(string? header, byte[] body, IReadOnlyList<string> secrets)
    {
        if (header is null)
        {
            return false;
        }
        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToList();
        var timestamp = parts.FirstOrDefault(p => p[0] == "t")?[1];
        if (timestamp is null)
        {
            return false;
        }
        var signed = Encoding.UTF8.GetBytes(timestamp + ".").Concat(body).ToArray();
        var expected = secrets.Select(s => Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(s), signed)))).ToList();
        return parts.Where(p => p[0] == "v1").Any(p => expected.Any(e => CryptographicOperations.FixedTimeEquals(e, Encoding.ASCII.GetBytes(p[1]))));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

/// <summary>One request that reached the receiver, and what it answered.</summary>
public sealed record WebhookDelivery(string? EventId, int Attempt, string? Signature, string? ContentType, byte[] Body, bool SignatureValid, int Number)
{
    public int Status { get; set; }

    public JsonObject Event => JsonNode.Parse(Body)!.AsObject();
}
