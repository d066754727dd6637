using System.Diagnostics.Metrics;
using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;

namespace Aios.Serving.Simulation;

/// <summary>Options of a <see cref="ServingReplay"/>: the replicas, their batch limit, the autoscaler and the time series.</summary>
public sealed class ReplayOptions
{
    /// <summary>Gets or sets the replica profile (required).</summary>
    public ReplicaProfile? Profile { get; set; }

    /// <summary>Gets or sets the most sequences a replica batches (null: the profile's <see cref="ReplicaProfile.MaxBatchSize"/>); 1 turns batching off.</summary>
    public int? BatchLimit { get; set; }

    /// <summary>
    /// Gets or sets the most prompt tokens one iteration prefills (vLLM's <c>max_num_batched_tokens</c>); default 8,192.
    /// Admission stops when the next prompt would pass it (a prompt longer than the budget runs alone), so a burst of long
    /// prompts is spread over iterations instead of stalling every running sequence at once.
    /// </summary>
    public int PrefillTokenBudget { get; set; } = 8192;

    /// <summary>Gets or sets the autoscaler; null (the default) runs <see cref="Replicas"/> replicas throughout. An autoscaler keeps state: give each replay its own.</summary>
    public Autoscaler? Autoscaler { get; set; }

    /// <summary>Gets or sets the replicas when there is no autoscaler; default 1. They are ready at time 0.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Gets or sets whether the initial replicas are ready at time 0 (true, the default: the deployment was running) or start cold.</summary>
    public bool StartWarm { get; set; } = true;

    /// <summary>Gets or sets the fewest replicas an autoscaler may leave; default 1.</summary>
    public int MinReplicas { get; set; } = 1;

    /// <summary>Gets or sets the most replicas an autoscaler may ask for; default 1,000.</summary>
    public int MaxReplicas { get; set; } = 1000;

    /// <summary>Gets or sets the length of the time series' windows in seconds; default 60.</summary>
    public double WindowSeconds { get; set; } = 60;

    /// <summary>Gets or sets the meter factory the replay's <see cref="DeploymentMonitor"/> publishes through; null uses a shared meter.</summary>
    public IMeterFactory? MeterFactory { get; set; }

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (Profile is null)
        {
            yield return new ArgumentNullException(nameof(Profile), $"{nameof(Profile)} must be a replica profile.");
        }

        if (BatchLimit is < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(BatchLimit), BatchLimit, $"{nameof(BatchLimit)} must be null or >= 1.");
        }

        if (PrefillTokenBudget < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(PrefillTokenBudget), PrefillTokenBudget, $"{nameof(PrefillTokenBudget)} must be >= 1.");
        }

        if (Replicas < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(Replicas), Replicas, $"{nameof(Replicas)} must be >= 1.");
        }

        if (MinReplicas < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(MinReplicas), MinReplicas, $"{nameof(MinReplicas)} must be >= 1.");
        }

        if (MaxReplicas < MinReplicas)
        {
            yield return new ArgumentOutOfRangeException(nameof(MaxReplicas), MaxReplicas, $"{nameof(MaxReplicas)} must be >= {nameof(MinReplicas)} ({MinReplicas}).");
        }

        if (!(WindowSeconds > 0) || double.IsInfinity(WindowSeconds))
        {
            yield return new ArgumentOutOfRangeException(nameof(WindowSeconds), WindowSeconds, $"{nameof(WindowSeconds)} must be a finite number > 0.");
        }
    }

    internal ReplayOptions Snapshot() => (ReplayOptions)MemberwiseClone();
}
