namespace Provisio.Server.Cli;

/// <summary>A refusal of a tenant or token verb, said in one line.</summary>
internal sealed class AdminCommandException(string message) : Exception(message);
