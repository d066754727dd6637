using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Kubernetes.DependencyInjection;

/// <summary>
/// What an operator must see from Aios.Scheduling.Kubernetes.Extensions, as source-generated log messages. The event ids
/// are stable (listed in the package readme, "Logging"); a new message takes the next free id and an id is never reused.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "ClientConfigured", Level = LogLevel.Information,
        Message = "The Kubernetes scheduler talks to the API server at {Server}, configured from {Source}")]
    public static partial void ClientConfigured(ILogger logger, string server, string source);
}
