using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;

namespace Aios.Cli.Simulation;

/// <summary>The answer to a <see cref="SimulateRequest"/>: one run per policy (in the order asked) and the cluster they ran on, or the error to report.</summary>
internal sealed record SimulateEvaluation(IReadOnlyList<SimulatedPolicy>? Runs, ClusterSpec? Cluster, string? Error)
{
    public static SimulateEvaluation Failed(string error) => new(null, null, error);
}

/// <summary>One policy's run: its result and, when a plot was asked for, every completed job's JCT in seconds (in finish order).</summary>
internal sealed record SimulatedPolicy(SimulationResult Result, IReadOnlyList<double> CompletionTimes);
