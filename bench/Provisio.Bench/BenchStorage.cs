namespace Provisio.Bench;

/// <summary>Which storage a benchmark runs on.</summary>
internal sealed record BenchStorage(bool Postgres, string? ConnectionString, string? DataDirectory)
{
    /// <summary>
    /// The server settings for a SQLite database in <paramref name="folder"/> or, with PostgreSQL, the database
    /// <paramref name="database"/> in the throwaway cluster (the given connection string when there is one).
    /// </summary>
    public async Task<(string[] Settings, string Where)> SettingsAsync(string folder, string database)
    {
        if (Postgres)
        {
            var connection = ConnectionString
                ?? await (await Provisio.Tests.Support.PostgresCluster.GetAsync()).CreateDatabaseAsync(database);
            return (["--Provisio:Storage:Provider=postgres", $"--Provisio:Storage:ConnectionString={connection}"],
                ConnectionString is null ? "PostgreSQL (throwaway cluster, fsync off)" : "PostgreSQL");
        }
        Directory.CreateDirectory(folder);
        return ([$"--Provisio:Storage:DataDirectory={folder}"], $"SQLite at {folder}");
    }
}
