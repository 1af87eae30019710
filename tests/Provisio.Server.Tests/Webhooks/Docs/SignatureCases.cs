using System.Text;
using System.Text.Json.Nodes;
using Provisio.Server.Webhooks;

namespace Provisio.Server.Tests.Webhooks.Docs;

/// <summary>
/// Deliveries signed by Provisio's own <see cref="WebhookSignature"/>, genuine or tampered with, that every verifier of
/// docs/webhooks.md is run against.
/// </summary>
public static class SignatureCases
{
    private const string Secret = "whsec_4kq9XJ2mVb7nR1tZp8LwY3cH6dF0sGaE";
    private const string OldSecret = "whsec_Tn5Rz1Qe8WvK3yBm6XjP0uLh9CgD2fSa";
    private const string OtherSecret = "whsec_Hb7Yk2Nw5Qr9Xc3Vm8Tz1Pj6Lf4Dg0Sa";

    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 15, 27, TimeSpan.Zero);

    private static readonly Lazy<IReadOnlyList<SignatureCase>> Cases = new(Build);

    public static IReadOnlyList<SignatureCase> All => Cases.Value;

    public static TheoryData<string> Names => new(All.Select(c => c.Name));

    public static SignatureCase Get(string name) => All.Single(c => c.Name == name);

    private static List<SignatureCase> Build()
    {
        var body = PayloadExample.Body();
        var signed = WebhookSignature.Create(Now, body, [Secret]);
        var timestamp = signed.Split(',')[0];
        var mac = signed.Split(',')[1]["v1=".Length..];
        var rotation = WebhookSignature.Create(Now, body, [Secret, OldSecret]);

        var changedByte = (byte[])body.Clone();
        changedByte[body.Length / 2] ^= 0x01;
        // What a receiver has after parsing the JSON and writing it again: ë escaped, different bytes, same meaning.
        var reserialised = Encoding.UTF8.GetBytes(JsonNode.Parse(body)!.ToJsonString());
        var tenMinutesAgo = WebhookSignature.Create(Now.AddMinutes(-10), body, [Secret]);

        SignatureCase Case(string name, string? header, bool accepted, byte[]? withBody = null, string secret = Secret) =>
            new(name, withBody ?? body, header, secret, Now, accepted);

        return
        [
            Case("valid signature", signed, accepted: true),
            Case("one byte of the body changed", signed, accepted: false, withBody: changedByte),
            Case("body parsed and written again", signed, accepted: false, withBody: reserialised),
            Case("empty body", signed, accepted: false, withBody: []),
            Case("wrong secret", signed, accepted: false, secret: OtherSecret),
            Case("rotation, receiver holds the new secret", rotation, accepted: true),
            Case("rotation, receiver holds the old secret", rotation, accepted: true, secret: OldSecret),
            Case("rotation, receiver holds neither", rotation, accepted: false, secret: OtherSecret),
            Case("signed 4 minutes ago", WebhookSignature.Create(Now.AddMinutes(-4), body, [Secret]), accepted: true),
            Case("signed 6 minutes ago", WebhookSignature.Create(Now.AddMinutes(-6), body, [Secret]), accepted: false),
            Case("signed 6 minutes ahead", WebhookSignature.Create(Now.AddMinutes(6), body, [Secret]), accepted: false),
            Case("old signature with a fresh timestamp", $"{timestamp},{tenMinutesAgo.Split(',')[1]}", accepted: false),
            Case("unknown v2 scheme after v1", signed + ",v2=9f86d081884c7d659a2feaa0c55ad015", accepted: true),
            Case("unknown v2 scheme first", "v2=9f86d081884c7d659a2feaa0c55ad015," + signed, accepted: true),
            Case("the right MAC under v2 only", $"{timestamp},v2={mac}", accepted: false),
            Case("header missing", null, accepted: false),
            Case("header empty", "", accepted: false),
            Case("header garbage", "garbage", accepted: false),
            Case("only separators", ",,=,==,", accepted: false),
            Case("no timestamp", $"v1={mac}", accepted: false),
            Case("no v1", timestamp, accepted: false),
            Case("empty t and v1", "t=,v1=", accepted: false),
            Case("empty v1", $"{timestamp},v1=", accepted: false),
            Case("timestamp not a number", $"t=abc,v1={mac}", accepted: false),
            Case("negative timestamp", $"t=-1,v1={mac}", accepted: false),
            Case("timestamp past any integer", $"t=99999999999999999999999999,v1={mac}", accepted: false),
            Case("v1 not hex", $"{timestamp},v1={new string('z', 64)}", accepted: false),
            Case("v1 half as long", $"{timestamp},v1={mac[..32]}", accepted: false),
            Case("v1 of non-ASCII characters, 64 bytes in UTF-8", $"{timestamp},v1={new string('é', 32)}", accepted: false),
            Case("v1 of non-ASCII characters, 64 characters", $"{timestamp},v1={new string('é', 64)}", accepted: false),
            Case("v1 with a lone surrogate", $"{timestamp},v1={mac[..63]}\uD800", accepted: false),
        ];
    }
}
