using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Keeps the exceptions the server logs at Error and above (the exception handler logs what became a 500), so that a
/// fuzz failure reports its cause and not only "The server could not complete the request."
/// </summary>
internal sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    /// <summary>What was logged since the last call, first line of each exception and the frame that threw it.</summary>
    public List<string> Drain()
    {
        var drained = new List<string>();
        while (entries.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }
        return drained;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private static string Summary(Exception exception)
    {
        var innermost = exception.GetBaseException();
        var frame = exception.ToString().Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at Provisio.", StringComparison.Ordinal))
            ?? innermost.StackTrace?.Split('\n')[0].Trim();
        return $"{innermost.GetType().FullName}: {innermost.Message} {frame}";
    }

    private sealed class Logger(ServerErrorLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.entries.Enqueue(exception is null ? formatter(state, null) : Summary(exception));
            }
        }
    }
}
