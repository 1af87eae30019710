#if !POSTGRES
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Provisio.AspNetCore.Auth;
using Provisio.Server.Tests.Support;
using Provisio.Storage.Tenancy;

namespace Provisio.Server.Tests.Events;

/// <summary>
/// An app that embeds Provisio as docs/event-handlers.md shows (AddProvisio().UseSqlite().AddEventHandler&lt;T&gt;()),
/// on SQLite: the handler ends a leaver's sessions; bad event options stop the start.
/// </summary>
public sealed class EmbeddedHostTests
{
    [Fact]
    public async Task The_documented_handler_revokes_a_deactivated_users_sessions_once()
    {
        var folder = Directory.CreateTempSubdirectory("provisio-embedded-").FullName;
        var sessions = new InMemorySessions();
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]);
        builder.Services.AddSingleton<ISessionRevoker>(sessions);
        builder.Services.AddSingleton<IProcessedEvents>(sessions);
        builder.Services.AddProvisio().UseSqlite(o => o.DataDirectory = folder).AddEventHandler<RevokeSessionsOnLeave>();
        await using (var app = builder.Build())
        {
            app.UseScimErrorResponses();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapScim("/scim/v2");
            await app.StartAsync();
            await app.Services.GetRequiredService<ITenantStore>().CreateTenantAsync(new Tenant("acme", "Acme", DateTimeOffset.UnixEpoch), CancellationToken.None);
            var (record, token) = await app.Services.GetRequiredService<ScimTokenIssuer>().IssueAsync("acme", "idp", null, CancellationToken.None);
            var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var client = new ScimClient(http, "/scim/v2/acme", token, "acme", record.Id);
            var id = (string)(await client.CreateUserAsync("leaver@example.com"))["id"]!;
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Patch, $"/Users/{id}", EventHandlerTests.Deactivate)).Status);

            await Eventually.HoldsAsync(() => !sessions.Revoked.IsEmpty, "the sessions revoked");
            Assert.Equal(("acme", id), Assert.Single(sessions.Revoked));
            await app.StopAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("Provisio:Events:RetryMaxDelay", "00:00:01")]
    [InlineData("Provisio:Events:MaxAttempts", "0")]
    [InlineData("Provisio:Jobs:Interval", "00:00:00")]
    public async Task Event_and_job_options_out_of_range_stop_the_start(string key, string value)
    {
        var folder = Directory.CreateTempSubdirectory("provisio-embedded-").FullName;
        var builder = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0", $"--{key}={value}"]);
        builder.Services.AddOptions<Provisio.AspNetCore.ProvisioOptions>().Bind(builder.Configuration.GetSection("Provisio"));
        builder.Services.AddProvisio().UseSqlite(o => o.DataDirectory = folder);
        await using (var app = builder.Build())
        {
            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.Contains(key.Split(':')[1], error.Message, StringComparison.Ordinal);
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
#endif
