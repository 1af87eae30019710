using System.Text;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// One generated request, as bytes on the wire: method, path relative to the tenant's SCIM base (query included,
/// already percent-encoded), optional body and headers. Kept whole so a failure can be reported as the exact request.
/// </summary>
internal sealed record FuzzRequest(HttpMethod Method, string Path, byte[]? Body = null)
{
    /// <summary>The Content-Type sent with a body; null sends none.</summary>
    public string? ContentType { get; init; } = "application/scim+json";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>Who sends it: the tenant's own token, another tenant's, a garbage one, or none.</summary>
    public FuzzCaller Caller { get; init; } = FuzzCaller.Tenant;

    /// <summary>What the generator built it as (e.g. "patch-fixture", "filter-get"), to group failures.</summary>
    public string Kind { get; init; } = "";

    public static FuzzRequest Json(HttpMethod method, string path, string body, string kind) =>
        new(method, path, Encoding.UTF8.GetBytes(body)) { Kind = kind };

    public HttpRequestMessage ToMessage(string basePath, string? token)
    {
        var message = new HttpRequestMessage(Method, basePath + Path);
        if (token is not null)
        {
            message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = null;
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return message;
    }

    /// <summary>The request as a reader would want to replay it, the body cut to <paramref name="maxBody"/> characters.</summary>
    public string Describe(int maxBody = 600)
    {
        var text = new StringBuilder().Append(Method).Append(' ').Append(Path);
        if (Caller != FuzzCaller.Tenant)
        {
            text.Append(" [caller: ").Append(Caller).Append(']');
        }
        foreach (var (name, value) in Headers)
        {
            text.Append("\n  ").Append(name).Append(": ").Append(Cut(value, 200));
        }
        if (Body is not null)
        {
            text.Append("\n  Content-Type: ").Append(ContentType ?? "(none)");
            text.Append("\n  body (").Append(Body.Length).Append(" bytes): ").Append(Cut(Encoding.UTF8.GetString(Body), maxBody));
        }
        return text.ToString();
    }

    internal static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + $"… (+{text.Length - max} chars)";
}

/// <summary>Whose credentials a fuzz request carries.</summary>
internal enum FuzzCaller
{
    Tenant,
    OtherTenant,
    GarbageToken,
    Anonymous,
}
