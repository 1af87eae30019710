namespace Provisio.Server.Telemetry;

/// <summary>The <c>Provisio:Telemetry</c> section: where OTLP exports go when the standard variable is not enough.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "Provisio:Telemetry";

    /// <summary>An OTLP endpoint, e.g. <c>http://collector:4317</c>; wins over <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public string? OtlpEndpoint { get; set; }

    public bool IsValid() =>
        string.IsNullOrEmpty(OtlpEndpoint)
        || (Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var endpoint) && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps));
}
