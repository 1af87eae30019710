namespace Provisio.Server.Cli;

/// <summary>A token just created: the only time its text is known.</summary>
internal sealed record IssuedToken(TokenSummary Summary, string Token);
