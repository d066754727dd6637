using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Kubernetes;

/// <summary>
/// What an operator must see from the Kubernetes scheduler, as source-generated log messages. The event ids are stable
/// (listed in the package readme); a new message takes the next free id and an id is never reused for another meaning.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, EventName = "Listed", Level = LogLevel.Information,
        Message = "Listed {Count} {Kind} at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string kind, int count, string resourceVersion);

    [LoggerMessage(EventId = 2, EventName = "WatchGone", Level = LogLevel.Information,
        Message = "The watch of {Kind} from resourceVersion {ResourceVersion} is gone (410); listing again")]
    public static partial void WatchGone(ILogger logger, string kind, string? resourceVersion);

    [LoggerMessage(EventId = 3, EventName = "WatchFailed", Level = LogLevel.Warning,
        Message = "The watch of {Kind} failed; retrying in {BackoffSeconds} s")]
    public static partial void WatchFailed(ILogger logger, string kind, double backoffSeconds, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "BindConflict", Level = LogLevel.Information,
        Message = "Pod {Namespace}/{Pod} was already bound (409); leaving it where it is")]
    public static partial void BindConflict(ILogger logger, string @namespace, string pod);

    [LoggerMessage(EventId = 5, EventName = "BindFailed", Level = LogLevel.Warning,
        Message = "Binding pod {Namespace}/{Pod} to node {Node} failed; the pod is considered again in the next pass")]
    public static partial void BindFailed(ILogger logger, string @namespace, string pod, string node, Exception exception);

    [LoggerMessage(EventId = 6, EventName = "Preempting", Level = LogLevel.Information,
        Message = "Preempting pod {Namespace}/{Pod} of job {JobId} for job {CauseJobId} ({Mode})")]
    public static partial void Preempting(ILogger logger, string @namespace, string pod, string jobId, string? causeJobId, PreemptionMode mode);

    [LoggerMessage(EventId = 7, EventName = "PreemptFailed", Level = LogLevel.Warning,
        Message = "Preempting pod {Namespace}/{Pod} failed; its preemptor waits until the nomination expires")]
    public static partial void PreemptFailed(ILogger logger, string @namespace, string pod, Exception exception);

    [LoggerMessage(EventId = 8, EventName = "ExplainFailed", Level = LogLevel.Debug,
        Message = "Writing why pod {Namespace}/{Pod} waits failed")]
    public static partial void ExplainFailed(ILogger logger, string @namespace, string pod, Exception exception);

    [LoggerMessage(EventId = 9, EventName = "StartedLeading", Level = LogLevel.Information,
        Message = "{Identity} leads (Lease {LeaseNamespace}/{LeaseName}); scheduling")]
    public static partial void StartedLeading(ILogger logger, string identity, string leaseNamespace, string leaseName);

    [LoggerMessage(EventId = 10, EventName = "StoppedLeading", Level = LogLevel.Warning,
        Message = "{Identity} lost the lease; it stops acting and stands by")]
    public static partial void StoppedLeading(ILogger logger, string identity);

    [LoggerMessage(EventId = 11, EventName = "PassCompleted", Level = LogLevel.Debug,
        Message = "Pass: {Bindings} binding(s), {Victims} victim(s), {Waiting} job(s) waiting, {Pending} pod(s) pending, in {Seconds} s")]
    public static partial void PassCompleted(ILogger logger, int bindings, int victims, int waiting, int pending, double seconds);

    [LoggerMessage(EventId = 12, EventName = "PassFailed", Level = LogLevel.Error,
        Message = "A scheduling pass failed; retrying")]
    public static partial void PassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 13, EventName = "PassWarning", Level = LogLevel.Warning,
        Message = "{Warning}")]
    public static partial void PassWarning(ILogger logger, string warning);

    [LoggerMessage(EventId = 14, EventName = "LeaderElectionError", Level = LogLevel.Warning,
        Message = "Leader election: an attempt on the Lease failed")]
    public static partial void LeaderElectionError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 15, EventName = "NotServed", Level = LogLevel.Information,
        Message = "The API server does not serve {Kind} (its CustomResourceDefinition is not installed); checking again every minute")]
    public static partial void NotServed(ILogger logger, string kind);

    [LoggerMessage(EventId = 16, EventName = "ReleasedLease", Level = LogLevel.Information,
        Message = "{Identity} stopped and handed the lease back")]
    public static partial void ReleasedLease(ILogger logger, string identity);
}
