using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Provisio.Storage.Events;

namespace Provisio.Server.Tests.Webhooks.Docs;

/// <summary>The payload example of docs/webhooks.md, and the bytes Provisio writes for that event.</summary>
public static class PayloadExample
{
    /// <summary>The example as the doc shows it.</summary>
    public static JsonObject FromDoc() => JsonNode.Parse(DocsPage.Read("webhooks.md").Snippet("payload"))!.AsObject();

    /// <summary>The event the example shows, as the outbox holds it (data stored unescaped, as EventData writes it).</summary>
    public static ChangeEvent Event()
    {
        var doc = FromDoc();
        return new ChangeEvent
        {
            Id = (string)doc["id"]!,
            Type = (string)doc["type"]!,
            TenantId = (string)doc["tenant"]!,
            Sequence = (long)doc["sequence"]!,
            OccurredAt = DateTimeOffset.Parse((string)doc["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture),
            RequestId = (string?)doc["requestId"],
            TokenId = (string?)doc["actor"]!["tokenId"],
            TokenName = (string?)doc["actor"]!["tokenName"],
            ResourceType = (string)doc["resource"]!["type"]!,
            ResourceId = (string)doc["resource"]!["id"]!,
            DataJson = doc["data"]!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
            ChangedAttributes = doc["changedAttributes"]?.AsArray().Select(name => (string)name!).ToList(),
        };
    }

    /// <summary>The event's JSON as ChangeEventJson writes it: the body of a delivery.</summary>
    public static byte[] Body()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ChangeEventJson.Write(writer, Event());
        }
        return buffer.ToArray();
    }
}
