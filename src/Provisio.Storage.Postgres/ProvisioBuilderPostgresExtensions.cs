using Microsoft.Extensions.Options;
using Npgsql;
using Provisio.Storage;
using Provisio.Storage.Postgres;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Selects PostgreSQL as Provisio's storage.</summary>
public static class ProvisioBuilderPostgresExtensions
{
    /// <summary>Stores everything in PostgreSQL through the given data source (Npgsql's pooled connection factory).</summary>
    public static ProvisioBuilder UsePostgres(this ProvisioBuilder builder, NpgsqlDataSource dataSource) =>
        builder.UseSqlDialect(_ => new PostgresDialect(dataSource));

    /// <summary>Stores everything in PostgreSQL; the connection string is read when the store is first used.</summary>
    public static ProvisioBuilder UsePostgres(this ProvisioBuilder builder, Action<PostgresStorageOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<PostgresStorageOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value.CreateDataSource());
        return builder.UseSqlDialect(services => new PostgresDialect(services.GetRequiredService<NpgsqlDataSource>()));
    }
}
