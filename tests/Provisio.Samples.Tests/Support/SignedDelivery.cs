using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Provisio.Samples.Tests.Support;

/// <summary>
/// What a Provisio webhook delivery looks like, built from the documented contract rather than from Provisio's code:
/// the event JSON of docs/events.md, <c>Provisio-Event-Id</c>, and <c>Provisio-Signature: t=…,v1=…</c> where v1 is
/// the lower-case hex HMAC-SHA256 (key: the secret's UTF-8 bytes) of <c>t + "." + body</c>.
/// </summary>
public static class SignedDelivery
{
    /// <summary>A user event as Provisio sends it, with the user after the change as <c>data</c>.</summary>
    public static byte[] UserEvent(string eventId, string type, string userId, string userName, bool active)
    {
        var json = new JsonObject
        {
            ["id"] = eventId,
            ["type"] = type,
            ["tenant"] = "default",
            ["sequence"] = 1,
            ["occurredAt"] = "2026-12-02T09:15:27.123Z",
            ["requestId"] = null,
            ["actor"] = new JsonObject { ["tokenId"] = "scim_k3v9q2m7x4ab", ["tokenName"] = "okta" },
            ["resource"] = new JsonObject { ["type"] = "User", ["id"] = userId },
            ["data"] = new JsonObject
            {
                ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
                ["id"] = userId,
                ["userName"] = userName,
                ["displayName"] = "Barbara Jensen",
                ["active"] = active,
            },
        };
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    public static string NewEventId() => "evt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The signature header over <paramref name="body"/> at <paramref name="at"/>, one v1 per secret.</summary>
    public static string Sign(byte[] body, DateTimeOffset at, params string[] secrets)
    {
        var t = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signed = Encoding.UTF8.GetBytes(t + ".").Concat(body).ToArray();
        var v1 = secrets.Select(secret => "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed)));
        return string.Join(',', [$"t={t}", .. v1]);
    }

    /// <summary>POSTs a delivery to the sample's receiver, as Provisio's delivery worker would.</summary>
    public static async Task<HttpStatusCode> PostAsync(Uri appBaseUrl, byte[] body, string eventId, string signature, int attempt = 1)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(appBaseUrl, "/webhooks/provisio"))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Provisio-Event-Id", eventId);
        request.Headers.Add("Provisio-Delivery-Attempt", attempt.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("Provisio-Signature", signature);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
