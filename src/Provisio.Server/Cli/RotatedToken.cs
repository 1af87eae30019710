namespace Provisio.Server.Cli;

/// <summary>A rotation's successor, and when its predecessor stops working.</summary>
internal sealed record RotatedToken(IssuedToken Successor, DateTimeOffset? PredecessorExpires);
