using System.ComponentModel.DataAnnotations;

namespace Provisio.Server.Webhooks;

/// <summary>
/// Webhook delivery (<c>Provisio:Webhooks</c>). A failed delivery is tried again after <see cref="RetryBaseDelay"/>,
/// multiplied by <see cref="RetryFactor"/> at each failure up to <see cref="RetryMaxDelay"/>, each wait varied by up to
/// a fifth; the defaults make 8 attempts over about 23 hours (30 s, 2 min, 8 min, 32 min, 2 h, 8.5 h, 12 h), after
/// which the delivery is dead until re-queued.
/// </summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Whether endpoint URLs may resolve to loopback, link-local or private addresses (and then use plain http).
    /// Off by default, so a tenant's admin cannot aim the server at its own network; on for tests and on-premise use.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one POST may take, connection included. The default is 10 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts (the first included) before a delivery is dead. The default is 8.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after a first failure. The default is 30 seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What each further failure multiplies the wait by. The default is 4.</summary>
    [Range(1.0, 16.0)]
    public double RetryFactor { get; set; } = 4;

    /// <summary>The longest wait between two attempts. The default is 12 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long the secret before a rotation keeps signing beside the new one. The default is 24 hours.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often to look for events written by other instances (this one's are seen at once). The default is 1 second.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Endpoints delivering at the same time; one slow endpoint holds one of them. The default is 64.</summary>
    [Range(1, 10_000)]
    public int ConcurrentEndpoints { get; set; } = 64;

    /// <summary>Events one endpoint sends before it lets other endpoints have its turn. The default is 100.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Bytes of a response body read for the delivery log; the rest is never read. The default is 4 KiB.</summary>
    [Range(0, 1_048_576)]
    public int MaxResponseBytes { get; set; } = 4_096;

    /// <summary>Attempts kept per endpoint in the delivery log. The default is 200.</summary>
    [Range(1, 100_000)]
    public int LogSize { get; set; } = 200;
}
