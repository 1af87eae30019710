using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Provisio.Storage.Tests.Support;

/// <summary>A logger that keeps the level, event and exception of every record, to check what storage logs and how often.</summary>
public sealed class RecordedLog<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId Event, Exception? Exception)> records = new();

    public IReadOnlyList<(LogLevel Level, EventId Event, Exception? Exception)> Records => [.. records];

    /// <summary>The records of one event, by its name.</summary>
    public IReadOnlyList<(LogLevel Level, EventId Event, Exception? Exception)> Of(string eventName) =>
        [.. records.Where(r => r.Event.Name == eventName)];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        records.Enqueue((logLevel, eventId, exception));
}
