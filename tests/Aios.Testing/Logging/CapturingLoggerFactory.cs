using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Aios.Testing.Logging;

/// <summary>An <see cref="ILoggerFactory"/> whose loggers keep every message, for tests that assert what was logged.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<CapturedLog> _records = new();

    /// <summary>Gets every message logged so far, in order.</summary>
    public IReadOnlyList<CapturedLog> Records => [.. _records];

    /// <summary>Gets the messages with the given event id.</summary>
    /// <param name="eventId">The event id.</param>
    /// <returns>The matching messages, in order.</returns>
    public IReadOnlyList<CapturedLog> WithEventId(int eventId) => [.. _records.Where(r => r.EventId.Id == eventId)];

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _records);

    /// <inheritdoc/>
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            records.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), exception));
    }
}

/// <summary>One captured log message.</summary>
/// <param name="Category">The logger's category.</param>
/// <param name="Level">The level.</param>
/// <param name="EventId">The event id and name.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The exception logged with it.</param>
public sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
