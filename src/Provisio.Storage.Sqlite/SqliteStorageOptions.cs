namespace Provisio.Storage.Sqlite;

/// <summary>Where the SQLite database lives.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The folder that holds <c>provisio.db</c>. The default is <c>data</c> under the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>A full connection string; when set it wins over <see cref="DataDirectory"/>.</summary>
    public string? ConnectionString { get; set; }

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }
        Directory.CreateDirectory(DataDirectory);
        return $"Data Source={Path.Combine(DataDirectory, "provisio.db")}";
    }
}
