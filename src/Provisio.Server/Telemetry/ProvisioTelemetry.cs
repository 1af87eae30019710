using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Provisio.AspNetCore.Telemetry;
using Provisio.Server.Health;

namespace Provisio.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server: Provisio's meter, ASP.NET Core's and HttpClient's metrics and traces (and Npgsql's
/// traces), exported by OTLP when an endpoint is configured, and metrics as a Prometheus scrape at <c>/metrics</c>
/// when <c>Provisio:Metrics:Prometheus</c> is true. With neither, no SDK is started: nothing is collected for nobody.
/// </summary>
internal static class ProvisioTelemetry
{
    public const string PrometheusPath = "/metrics";

    /// <summary>
    /// Series per Provisio instrument (OpenTelemetry's default is 2,000): the tenant label multiplies them, and a series
    /// past the limit is folded into one overflow series, so a directory of a few hundred tenants must still fit.
    /// </summary>
    public const int MaxSeriesPerInstrument = 10_000;

    /// <summary>The standard variable the OTLP exporter reads by itself.</summary>
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddProvisioTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var settings = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section))
            .Validate(o => o.IsValid(), "Provisio:Telemetry:OtlpEndpoint must be an absolute http or https URL, e.g. http://collector:4317.")
            .ValidateOnStart();
        // Not used until the start's validation has passed: the exporters are built when the host starts.
        var otlpSetting = settings.IsValid() ? settings.OtlpEndpoint : null;
        var otlp = !string.IsNullOrEmpty(settings.OtlpEndpoint) || !string.IsNullOrEmpty(configuration[OtlpEndpointVariable]);
        var prometheus = PrometheusEnabled(configuration);
        if (!otlp && !prometheus)
        {
            return;
        }
        var telemetry = builder.Services.AddOpenTelemetry();
        if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
        {
            // A name set here would win over the standard variable, so it is only the default.
            telemetry.ConfigureResource(resource => resource.AddService("provisio", serviceVersion: typeof(ProvisioTelemetry).Assembly.GetName().Version?.ToString()));
        }
        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(ProvisioMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddView(instrument => instrument.Meter.Name == ProvisioMetrics.MeterName
                    ? new MetricStreamConfiguration { CardinalityLimit = MaxSeriesPerInstrument }
                    : null);
            if (prometheus)
            {
                metrics.AddPrometheusExporter();
            }
            if (otlp)
            {
                metrics.AddOtlpExporter(exporter => Configure(exporter, otlpSetting));
            }
        });
        if (otlp)
        {
            // Traces only go to a collector: there is no pull endpoint for them.
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context =>
                    !HealthEndpoints.IsProbe(context.Request.Path) && !context.Request.Path.Equals(PrometheusPath, StringComparison.OrdinalIgnoreCase))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(exporter => Configure(exporter, otlpSetting)));
        }
    }

    /// <summary>Maps <c>/metrics</c> when the Prometheus exporter is on; otherwise the path stays a 404 like any other.</summary>
    public static void MapProvisioTelemetry(this WebApplication app)
    {
        if (PrometheusEnabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(PrometheusPath).AllowAnonymous();
        }
    }

    private static bool PrometheusEnabled(IConfiguration configuration) => configuration.GetValue("Provisio:Metrics:Prometheus", false);

    /// <summary>The setting wins over the standard variable, which the exporter reads by itself otherwise.</summary>
    private static void Configure(OpenTelemetry.Exporter.OtlpExporterOptions exporter, string? endpoint)
    {
        if (!string.IsNullOrEmpty(endpoint))
        {
            exporter.Endpoint = new Uri(endpoint);
        }
    }
}
