namespace Provisio.Storage.Migrations;

/// <summary>One numbered schema change, applied once, in order.</summary>
public sealed record Migration(int Version, string Name, string Sql);
