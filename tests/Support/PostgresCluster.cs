using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Provisio.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for the tests: initdb and pg_ctl from Debian's postgresql package, in a temp folder,
/// on a free loopback port, as the postgres user when the tests run as root. Started once per test process and
/// stopped when it exits. Each test gets a database of its own.
/// </summary>
public sealed class PostgresCluster
{
    private static readonly Lazy<Task<PostgresCluster>> Shared = new(StartAsync);

    private readonly string folder;
    private readonly string bin;

    private PostgresCluster(string folder, string bin, int port)
    {
        this.folder = folder;
        this.bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Why PostgreSQL tests cannot run here, or null when they can. On CI (CI=true) they must.</summary>
    public static string? UnavailableReason { get; } = FindBinaries() is null && Environment.GetEnvironmentVariable("CI") != "true"
        ? "PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install -y postgresql"
        : null;

    public static Task<PostgresCluster> GetAsync() => Shared.Value;

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20;Timeout=5";

    /// <summary>Creates the database if it does not exist (code-point collation, Unicode case folding) and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if ((long)(await exists.ExecuteScalarAsync())! == 0)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'", connection);
            await create.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>Stops the server (as if the database went away) and starts it again on the same port.</summary>
    public void Stop() => Run(Path.Combine(bin, "pg_ctl"), $"-D {folder} -m fast -w stop");

    public void Start()
    {
        Run(Path.Combine(bin, "pg_ctl"),
            $"-D {folder} -l {folder}/server.log -w -o \"-p {Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start");
        // Idle pooled connections died with the old server: the next test to create a database must not meet one.
        NpgsqlConnection.ClearAllPools();
    }

    private static Task<PostgresCluster> StartAsync() => Task.Run(() =>
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException("PostgreSQL binaries not found; CI must install them (apt-get install -y postgresql).");
        RemoveStaleFolders();
        var folder = Directory.CreateTempSubdirectory(FolderPrefix).FullName;
        var cluster = new PostgresCluster(folder, bin, FreePort());
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root.
            Run("chown", $"-R postgres:postgres {folder}", asRoot: true);
        }
        Run(Path.Combine(bin, "initdb"), $"-D {folder} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --lc-collate=C");
        cluster.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), $"-D {folder} -m immediate stop");
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
            TryDelete(folder);
        };
        return cluster;
    });

    private const string FolderPrefix = "provisio-pg-";

    /// <summary>
    /// Removes the folders of earlier test processes' clusters that are no longer running: a test host that is killed, or
    /// whose exit outruns the deletion, leaves its cluster behind (a full run's is gigabytes, one database per test).
    /// A folder counts as stale without a <c>postmaster.pid</c> and untouched for ten minutes, so a cluster that another
    /// test process is still creating is left alone.
    /// </summary>
    private static void RemoveStaleFolders()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (!File.Exists(Path.Combine(folder, "postmaster.pid")) && Directory.GetLastWriteTimeUtc(folder) < TimeProvider.System.GetUtcNow().UtcDateTime.AddMinutes(-10))
            {
                TryDelete(folder);
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next test process to remove.
        }
    }

    private static string? FindBinaries()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "pg_ctl")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string file, string arguments, bool asRoot = false)
    {
        var dropToPostgres = !asRoot && Environment.UserName == "root";
        var start = new ProcessStartInfo(dropToPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Arguments = dropToPostgres ? $"-u postgres -- {file} {arguments}" : arguments;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed: {output.Result}{error.Result}");
        }
    }
}
