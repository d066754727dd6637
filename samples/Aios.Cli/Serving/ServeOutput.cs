namespace Aios.Cli.Serving;

/// <summary>The JSON of <c>aios serve plan --json</c>.</summary>
internal sealed record ServePlanOutput
{
    public required string Model { get; init; }
    public required string Objective { get; init; }
    public required double Rate { get; init; }
    public required string DeviceType { get; init; }
    public required int GpusPerReplica { get; init; }
    public required int Replicas { get; init; }
    public required int BatchLimit { get; init; }
    public required double CostPerHour { get; init; }
    public required double PredictedSeconds { get; init; }
    public double? PredictedSecondsWithOneFewer { get; init; }
    public required double Utilization { get; init; }
    public required double MeanWaitSeconds { get; init; }
    public double? ReplaySeconds { get; init; }
    public double? ReplayAttainment { get; init; }
    public bool? ReplayMeetsObjective { get; init; }
    public required IReadOnlyList<ServePlacementOutput> Placement { get; init; }
    public required string Approximation { get; init; }
    public ServeKubernetesOutput? Kubernetes { get; init; }
}

/// <summary>One placed replica group.</summary>
internal sealed record ServePlacementOutput(string Node, string DeviceType, int Gpus, int Replicas);

/// <summary>The JSON of <c>aios serve replay --json</c>: one entry per policy.</summary>
internal sealed record ServeReplayOutput
{
    public required string Trace { get; init; }
    public required string Objective { get; init; }
    public required string DeviceType { get; init; }
    public required int BatchLimit { get; init; }
    public required int Requests { get; init; }
    public required IReadOnlyList<ServePolicyOutput> Policies { get; init; }
}

/// <summary>One policy's replay.</summary>
internal sealed record ServePolicyOutput
{
    public required string Policy { get; init; }
    public required double Attainment { get; init; }
    public double? MeasuredSeconds { get; init; }
    public required double GpuHours { get; init; }
    public required double Cost { get; init; }
    public required int PeakReplicas { get; init; }
    public required double MeanReplicas { get; init; }
    public required int ReplicaStarts { get; init; }
    public required int Rejected { get; init; }
}
