namespace Provisio.Server.Tests.Webhooks.Docs;

/// <summary>A delivery as a receiver sees it, and whether the doc's verifiers must accept it.</summary>
public sealed record SignatureCase(string Name, byte[] Body, string? Header, string Secret, DateTimeOffset Now, bool Accepted);
