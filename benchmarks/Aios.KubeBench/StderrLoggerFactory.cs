using Microsoft.Extensions.Logging;

namespace Aios.KubeBench;

/// <summary>Writes the scheduler's warnings and errors to standard error (the first 20 of them) and counts them all.</summary>
internal sealed class StderrLoggerFactory : ILoggerFactory, ILogger
{
    private int _warnings;

    public int Warnings => Volatile.Read(ref _warnings);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        if (Interlocked.Increment(ref _warnings) <= 20)
        {
            Console.Error.WriteLine($"[aios {logLevel} {eventId.Name}] {formatter(state, exception)}{(exception is null ? "" : " — " + exception.Message)}");
        }
    }

    public void Dispose()
    {
    }
}
