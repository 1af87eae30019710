using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Provisio.Server.Tests.Support;

/// <summary>A logger provider that keeps every formatted line the server logs, to check what reaches the logs.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines => [.. lines];

    /// <summary>The lines a default configuration (Information and up) writes.</summary>
    public IEnumerable<string> AtInformationOrAbove => Lines.Where(l => l.Level >= LogLevel.Information).Select(l => $"{l.Category}: {l.Message}");

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
