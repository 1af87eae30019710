using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Provisio.Bench;

/// <summary>
/// The limits Provisio is measured against, on the same machine in the same run: the SCIM endpoints an IdP sync calls,
/// as a bare minimal API on Kestrel answering fixed JSON (the HTTP limit) or doing one SQLite statement (the storage
/// limit). Started by the <c>sync</c> verb as a child process through the hidden <c>baseline-server</c> verb.
/// </summary>
internal static class BaselineServer
{
    private const string EmptyList = """{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}""";
    private const string FixedId = "2819c223-7f76-453a-919d-413861904646";

    public static async Task<int> RunAsync(string mode, string? folder, string[] hostArgs, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(hostArgs);
        var app = builder.Build();
        var users = app.MapGroup("/scim/v2/{tenant}/Users");
        if (mode == "fixed")
        {
            users.MapGet("", () => Scim(EmptyList));
            users.MapPost("", () => Scim(User(FixedId, "bjensen@example.com"), StatusCodes.Status201Created));
            users.MapPatch("/{id}", () => Scim(User(FixedId, "bjensen@example.com")));
        }
        else
        {
            var store = new BaselineStore(folder ?? throw new InvalidOperationException("--data-dir is required with --mode sqlite."));
            users.MapGet("", async (string? filter, CancellationToken cancellationToken) =>
                Scim(List(await store.FindAsync(QuotedValue(filter ?? ""), cancellationToken))));
            users.MapPost("", async (HttpRequest request, CancellationToken cancellationToken) =>
            {
                using var reader = new StreamReader(request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync(cancellationToken);
                using var json = JsonDocument.Parse(body);
                var userName = json.RootElement.GetProperty("userName").GetString()!;
                var id = Guid.NewGuid().ToString();
                await store.InsertAsync(id, userName, body, cancellationToken);
                return Scim(User(id, userName), StatusCodes.Status201Created);
            });
            users.MapPatch("/{id}", async (string id, CancellationToken cancellationToken) =>
            {
                await store.DeactivateAsync(id, cancellationToken);
                return Scim(User(id, "bjensen@example.com"));
            });
        }
        await app.StartAsync(cancellationToken);
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }

    private static IResult Scim(string json, int status = StatusCodes.Status200OK) =>
        Results.Text(json, "application/scim+json", Encoding.UTF8, status);

    private static string User(string id, string userName) =>
        $$$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"{{{id}}}","userName":{{{JsonSerializer.Serialize(userName)}}},"active":true,"meta":{"resourceType":"User"}}""";

    private static string List(List<string> resources) =>
        $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":{{resources.Count}},"startIndex":1,"itemsPerPage":{{resources.Count}},"Resources":[{{string.Join(',', resources)}}]}""";

    /// <summary>The value of <c>userName eq "…"</c>: the baseline does not parse filters, it only needs the key.</summary>
    private static string QuotedValue(string filter) =>
        filter.IndexOf('"', StringComparison.Ordinal) is var first and >= 0 && filter.LastIndexOf('"') is var last && last > first
            ? filter[(first + 1)..last]
            : filter;
}
