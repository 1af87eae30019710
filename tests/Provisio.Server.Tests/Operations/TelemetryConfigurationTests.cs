using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Operations;

/// <summary>OpenTelemetry runs only when something will read what it collects, and a bad OTLP setting stops the start.</summary>
public sealed class TelemetryConfigurationTests
{
    [Fact]
    public void Without_an_exporter_no_telemetry_sdk_runs()
    {
        using var factory = new ProvisioFactory();

        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void Prometheus_alone_collects_metrics_but_no_traces()
    {
        using var factory = new ProvisioFactory { Settings = { ["Provisio:Metrics:Prometheus"] = "true" } };

        Assert.NotNull(factory.Services.GetService<MeterProvider>());
        Assert.Null(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public void An_otlp_endpoint_turns_on_metrics_and_traces()
    {
        using var factory = new ProvisioFactory { Settings = { ["Provisio:Telemetry:OtlpEndpoint"] = "http://127.0.0.1:4317" } };

        Assert.NotNull(factory.Services.GetService<MeterProvider>());
        Assert.NotNull(factory.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task An_otlp_endpoint_that_is_not_an_http_url_stops_the_start()
    {
        var folder = Directory.CreateTempSubdirectory("provisio-otlp-").FullName;
        var app = ServerHost.Build(["--urls=http://127.0.0.1:0", $"--Provisio:Storage:DataDirectory={folder}", "--Provisio:Telemetry:OtlpEndpoint=collector:4317"]);
        await using (app)
        {
            var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => app.StartAsync());

            Assert.Contains("Provisio:Telemetry:OtlpEndpoint", error.Message, StringComparison.Ordinal);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
