using System.Net;
using Microsoft.AspNetCore.TestHost;
using Provisio.Server.Tests.Support;

namespace Provisio.Server.Tests.Logging;

/// <summary>What a request can put in the logs: one escaped line, never its query string.</summary>
public sealed class RequestLoggingTests : IDisposable
{
    private readonly CapturedLogs logs = new();
    private readonly ProvisioFactory factory;

    // The shipped appsettings.json holds request lines at Warning; an operator turns them on so.
    public RequestLoggingTests() => factory = new ProvisioFactory { Logs = logs, Settings = { ["Logging:LogLevel:Provisio.Requests"] = "Information" } };

    [Fact]
    public async Task A_path_with_cr_lf_cannot_forge_a_log_line()
    {
        var scim = await factory.CreateTenantAsync();

        // Kestrel decodes %0D%0A in a path to CR LF; the test server takes the decoded path as it is given.
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = $"/scim/v2/{scim.TenantId}/Users/abc\r\nwarn: Forged";
        });

        Assert.Equal(401, context.Response.StatusCode);
        Assert.DoesNotContain(logs.Lines, l => l.Message.Contains('\r', StringComparison.Ordinal) || l.Message.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(logs.AtInformationOrAbove, l => l.Contains($@"GET /scim/v2/{scim.TenantId}/Users/abc\u000d\u000awarn: Forged answered 401", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_strings_are_never_logged_at_information()
    {
        var scim = await factory.CreateTenantAsync();

        var response = await scim.GetAsync("/Users?filter=userName%20eq%20%22private.person@example.com%22");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Contains(logs.AtInformationOrAbove, l => l.Contains($"GET /scim/v2/{scim.TenantId}/Users answered 200", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.AtInformationOrAbove, l => l.Contains("private.person", StringComparison.Ordinal) || l.Contains("filter=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_shipped_settings_keep_request_lines_off()
    {
        using var quietLogs = new CapturedLogs();
        using var quiet = new ProvisioFactory { Logs = quietLogs };
        var scim = await quiet.CreateTenantAsync();

        Assert.Equal(HttpStatusCode.OK, (await scim.GetAsync("/Users")).Status);
        Assert.DoesNotContain(quietLogs.Lines, l => l.Category == "Provisio.Requests");
    }

    public void Dispose()
    {
        factory.Dispose();
        logs.Dispose();
    }
}
