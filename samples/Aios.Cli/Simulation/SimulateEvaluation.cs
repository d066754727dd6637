using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;

namespace Aios.Cli.Simulation;

/// <summary>The answer to a <see cref="SimulateRequest"/>: the result and the cluster it ran on, or the error to report.</summary>
internal sealed record SimulateEvaluation(SimulationResult? Result, ClusterSpec? Cluster, string? Error)
{
    public static SimulateEvaluation Failed(string error) => new(null, null, error);
}
