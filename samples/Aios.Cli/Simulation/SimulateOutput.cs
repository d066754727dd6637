using System.Text.Json.Serialization;

namespace Aios.Cli.Simulation;

/// <summary>The <c>aios simulate --json</c> output contract: one object, times in seconds; a figure with no value (nothing finished) is null.</summary>
internal sealed record SimulateOutput
{
    public required string Policy { get; init; }

    public long Jobs { get; init; }

    public long Completed { get; init; }

    public double Makespan { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? MeanJct { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? MedianJct { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? P95Jct { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? P99Jct { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public double? MeanQueueingDelay { get; init; }

    public double Utilization { get; init; }

    public long Preemptions { get; init; }
}

/// <summary>
/// The <c>aios simulate --json</c> output with several policies: <c>{"policies": [...]}</c>, one
/// <see cref="SimulateOutput"/> per policy in the order of <c>--policy</c> (one policy keeps the single object).
/// </summary>
internal sealed record SimulateComparisonOutput
{
    public required IReadOnlyList<SimulateOutput> Policies { get; init; }
}
