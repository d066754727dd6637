using System.Text.Json;

namespace Aios.Cli.Queueing;

/// <summary>One model to evaluate: a line of <c>aios queueing eval</c> input, or the options of a single-model command.</summary>
internal sealed record QueueingRequest
{
    public JsonElement? Id { get; init; }

    public string? Model { get; init; }

    public double? ArrivalRate { get; init; }

    public double? ServiceRate { get; init; }

    public double? Servers { get; init; }

    public double? Capacity { get; init; }

    public double? ArrivalScv { get; init; }

    public double? ServiceScv { get; init; }

    public double? WaitTarget { get; init; }

    public IReadOnlyList<QueueingClassRequest>? Classes { get; init; }

    public bool? Preemptive { get; init; }

    public string? Solve { get; init; }

    public double? ServiceLevelTarget { get; init; }

    public double? MeanWaitTarget { get; init; }

    public double? BlockingTarget { get; init; }
}

/// <summary>One priority class of a request, highest priority first.</summary>
internal sealed record QueueingClassRequest
{
    public double? ArrivalRate { get; init; }

    public double? ServiceRate { get; init; }

    public double? ServiceScv { get; init; }
}
