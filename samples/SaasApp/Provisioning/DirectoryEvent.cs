using System.Text.Json;

namespace SaasApp.Provisioning;

/// <summary>
/// The part of a Provisio change event the app uses, whichever way it arrived (in-process handler or webhook):
/// <see cref="Id"/> is the idempotency key, <see cref="Data"/> the user after the change (docs/events.md).
/// </summary>
public sealed record DirectoryEvent(string Id, string Type, string ResourceType, string ResourceId, JsonElement Data);
