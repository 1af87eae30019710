using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Provisio.Server.Tests.Durability;

/// <summary>
/// A reverse proxy on a loopback port in front of a provisio process: before it forwards request number
/// <see cref="KillBefore"/>, it runs <see cref="Restart"/> (kill the server, start another) and forwards to the new
/// one, so a client's replay goes on across a crash of the server.
/// </summary>
internal sealed class KillingProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    private readonly WebApplication app;
    private readonly HttpClient http = new(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None });
    private readonly SemaphoreSlim restarting = new(1, 1);
    private int forwarded;

    private KillingProxy(WebApplication app) => this.app = app;

    public Uri Address { get; private set; } = null!;

    public required Uri Backend { get; set; }

    public int KillBefore { get; init; }

    /// <summary>Kills the server and returns the address of the one that replaces it.</summary>
    public required Func<Task<Uri>> Restart { get; init; }

    /// <summary>Requests forwarded so far.</summary>
    public int Forwarded => Volatile.Read(ref forwarded);

    public bool Restarted { get; private set; }

    public static async Task<KillingProxy> StartAsync(Uri backend, int killBefore, Func<Task<Uri>> restart)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new KillingProxy(app) { Backend = backend, KillBefore = killBefore, Restart = restart };
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        var server = (IServer)app.Services.GetService(typeof(IServer))!;
        proxy.Address = new Uri(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return proxy;
    }

    private async Task ForwardAsync(HttpContext context)
    {
        // The smoke suite sends one request at a time, so "before request N" is a point between two of its requests.
        if (Interlocked.Increment(ref forwarded) == KillBefore)
        {
            await restarting.WaitAsync();
            try
            {
                Backend = await Restart();
                Restarted = true;
            }
            finally
            {
                restarting.Release();
            }
        }
        var request = context.Request;
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Backend, request.Path + request.QueryString));
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        if (body.Length > 0 || request.ContentLength is not null)
        {
            forward.Content = new ByteArrayContent(body.ToArray());
        }
        foreach (var (name, values) in request.Headers)
        {
            if (!HopByHop.Contains(name) && !forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        using var response = await http.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }
        await response.Content.CopyToAsync(context.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        http.Dispose();
        restarting.Dispose();
    }
}
