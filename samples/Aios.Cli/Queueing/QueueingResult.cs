using System.Text.Json;

namespace Aios.Cli.Queueing;

/// <summary>
/// The answer for one model, in the fixed <c>aios queueing eval</c> output contract: figures a model does not
/// define are null (omitted from JSON); an unstable model has <c>stable: false</c> and no waiting or queue figures.
/// </summary>
internal sealed record QueueingResult
{
    public JsonElement? Id { get; init; }

    public bool? Stable { get; init; }

    public double? Utilization { get; init; }

    public double? ProbabilityOfWaiting { get; init; }

    public double? BlockingProbability { get; init; }

    public double? MeanWaitingTime { get; init; }

    public double? MeanResponseTime { get; init; }

    public double? MeanQueueLength { get; init; }

    public double? MeanNumberInSystem { get; init; }

    public double? ServiceLevel { get; init; }

    public int? Servers { get; init; }

    public IReadOnlyList<QueueingClassResult>? Classes { get; init; }

    public string? Error { get; init; }
}

/// <summary>One priority class's figures; null when that class is unstable.</summary>
internal sealed record QueueingClassResult(double? MeanWaitingTime, double? MeanResponseTime);
