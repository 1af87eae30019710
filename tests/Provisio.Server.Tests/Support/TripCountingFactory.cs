using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Provisio.Storage.Sql;

namespace Provisio.Server.Tests.Support;

/// <summary>
/// A server that counts, per request, the connections its storage opens and the SQL statements it runs (SQLite: every
/// statement the engine starts, BEGIN and COMMIT included; PostgreSQL: every command Npgsql sends). Only work done in a
/// request's own flow counts, not the background jobs a write wakes.
/// </summary>
public sealed class TripCountingFactory : ProvisioFactory
{
    private readonly ConcurrentDictionary<string, Trips> trips = new(StringComparer.Ordinal);
    private IHttpContextAccessor? accessor;
#if POSTGRES
    private ActivityListener? listener;
#endif

    /// <summary>What the last request with this method and path (query included) cost.</summary>
    public Trips For(HttpMethod method, string pathAndQuery) =>
        trips.TryGetValue($"{method.Method} {pathAndQuery}", out var counted) ? counted : new Trips();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddHttpContextAccessor();
            var registered = services.Last(d => d.ServiceType == typeof(ISqlDialect));
            services.Add(ServiceDescriptor.Singleton(provider =>
            {
                accessor = provider.GetRequiredService<IHttpContextAccessor>();
                var inner = registered.ImplementationFactory is { } factory ? (ISqlDialect)factory(provider) : (ISqlDialect)registered.ImplementationInstance!;
                return CountingDialect.Wrap(inner, this);
            }));
        });
#if POSTGRES
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = _ => Current()?.AddStatement(),
        };
        ActivitySource.AddActivityListener(listener);
#endif
    }

    /// <summary>The counts of the request running in this flow, started afresh when the request is new.</summary>
    private Trips? Current()
    {
        if (accessor?.HttpContext is not { } context)
        {
            return null;
        }
        if (context.Items.TryGetValue(typeof(Trips), out var counted))
        {
            return (Trips)counted!;
        }
        var fresh = new Trips();
        context.Items[typeof(Trips)] = fresh;
        trips[$"{context.Request.Method} {context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}"] = fresh;
        return fresh;
    }

#if POSTGRES
    protected override void Dispose(bool disposing)
    {
        listener?.Dispose();
        base.Dispose(disposing);
    }
#endif

    /// <summary>Connections opened and statements run by one request.</summary>
    public sealed class Trips
    {
        private int connections;
        private int statements;

        public int Connections => Volatile.Read(ref connections);

        public int Statements => Volatile.Read(ref statements);

        public void AddConnection() => Interlocked.Increment(ref connections);

        public void AddStatement() => Interlocked.Increment(ref statements);

        public override string ToString() => $"{Connections} connection(s), {Statements} statement(s)";
    }

    /// <summary>
    /// The dialect, with <see cref="ISqlDialect.OpenConnectionAsync"/> and <see cref="ISqlDialect.OpenWriteConnectionAsync"/>
    /// counted.
    /// </summary>
    public class CountingDialect : DispatchProxy
    {
        private ISqlDialect inner = null!;
        private TripCountingFactory owner = null!;

        public static ISqlDialect Wrap(ISqlDialect inner, TripCountingFactory owner)
        {
            var proxy = Create<ISqlDialect, CountingDialect>();
            var counting = (CountingDialect)(object)proxy;
            counting.inner = inner;
            counting.owner = owner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            try
            {
                if (targetMethod!.Name is nameof(ISqlDialect.OpenConnectionAsync) or nameof(ISqlDialect.OpenWriteConnectionAsync))
                {
                    // Boxed once for the proxy and awaited once by the caller, as the interface's ValueTask would be.
#pragma warning disable CA2012
                    return CountAsync(targetMethod.Name == nameof(ISqlDialect.OpenWriteConnectionAsync), (CancellationToken)args![0]!);
#pragma warning restore CA2012
                }
                return targetMethod.Invoke(inner, args);
            }
            catch (TargetInvocationException exception) when (exception.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(exception.InnerException);
                throw;
            }
        }

        private async ValueTask<DbConnection> CountAsync(bool forWrite, CancellationToken cancellationToken)
        {
            var trips = owner.Current();
            trips?.AddConnection();
            var connection = forWrite
                ? await inner.OpenWriteConnectionAsync(cancellationToken)
                : await inner.OpenConnectionAsync(cancellationToken);
#if !POSTGRES
            if (trips is not null && connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            {
                // Counted for this request until the connection goes back to the pool.
                var handle = sqlite.Handle!;
                SQLitePCL.raw.sqlite3_trace(handle, new SQLitePCL.strdelegate_trace(static (state, _) => ((Trips)state).AddStatement()), trips);
                connection.StateChange += (_, change) =>
                {
                    // Another test server in this process may have cleared every pool (ClearAllPools), closing the handle.
                    if (change.CurrentState == System.Data.ConnectionState.Closed && !handle.IsClosed && !handle.IsInvalid)
                    {
                        SQLitePCL.raw.sqlite3_trace(handle, (SQLitePCL.strdelegate_trace?)null, null);
                    }
                };
            }
#endif
            return connection;
        }
    }
}
