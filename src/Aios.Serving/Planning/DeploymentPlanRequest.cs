using Aios.Scheduling.Model;
using Aios.Serving.Simulation;

namespace Aios.Serving.Planning;

/// <summary>What <see cref="DeploymentPlanner"/> plans for: a model, its traffic and request sizes, an objective, the device profiles and the inventory.</summary>
public sealed class DeploymentPlanRequest
{
    /// <summary>Gets or sets the model (required).</summary>
    public ServedModel? Model { get; set; }

    /// <summary>Gets or sets the arrival rate in requests per second; null takes the trace's peak rate over <see cref="PeakWindowSeconds"/>.</summary>
    public double? Rate { get; set; }

    /// <summary>Gets or sets a trace of the traffic: its peak rate and request sizes are used where not given, and the plan is replayed on it.</summary>
    public RequestTrace? Trace { get; set; }

    /// <summary>Gets or sets the window over which the trace's peak rate is measured, seconds; default 60.</summary>
    public double PeakWindowSeconds { get; set; } = 60;

    /// <summary>Gets or sets the prompt token distribution; null takes the trace's.</summary>
    public TokenDistribution? PromptTokens { get; set; }

    /// <summary>Gets or sets the output token distribution; null takes the trace's.</summary>
    public TokenDistribution? OutputTokens { get; set; }

    /// <summary>Gets or sets the objective (required).</summary>
    public LatencyObjective? Objective { get; set; }

    /// <summary>Gets or sets the interarrival times' squared coefficient of variation; default 1 (Poisson).</summary>
    public double ArrivalScv { get; set; } = 1;

    /// <summary>Gets or sets the device profiles replicas are derived from; null uses <see cref="DeviceProfiles.Defaults"/>.</summary>
    public IReadOnlyList<DeviceProfile>? Devices { get; set; }

    /// <summary>Gets or sets measured replica profiles; when set they are the candidates, in place of profiles derived from <see cref="Devices"/>.</summary>
    public IReadOnlyList<ReplicaProfile>? Profiles { get; set; }

    /// <summary>Gets or sets the devices per replica to consider when deriving profiles; default 1, 2, 4, 8.</summary>
    public IReadOnlyList<int> GpusPerReplica { get; set; } = [1, 2, 4, 8];

    /// <summary>Gets or sets the batch limits to consider; default 1, 2, 4, … 256.</summary>
    public IReadOnlyList<int> BatchLimits { get; set; } = [1, 2, 4, 8, 16, 32, 64, 128, 256];

    /// <summary>Gets or sets the devices that exist (for example an Aios.Scheduling cluster file); null means unlimited. Replicas are placed on it by the scheduler.</summary>
    public ClusterSpec? Inventory { get; set; }

    /// <summary>Gets or sets the most replicas a plan may have; default 1,000.</summary>
    public int MaxReplicas { get; set; } = 1000;

    /// <summary>Gets or sets how long the Poisson traffic of the replay check lasts when there is no trace, seconds; 0 skips the replay check; default 1,800.</summary>
    public double ReplayCheckSeconds { get; set; } = 1800;

    /// <summary>Gets or sets the seed of the replay check's traffic; default 1.</summary>
    public int Seed { get; set; } = 1;

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (Model is null) { yield return new ArgumentNullException(nameof(Model), $"{nameof(Model)} must be a model."); }
        if (Objective is null) { yield return new ArgumentNullException(nameof(Objective), $"{nameof(Objective)} must be a latency objective."); }
        if (Rate is null && Trace is null) { yield return new ArgumentException($"{nameof(Rate)} or {nameof(Trace)} must be given.", nameof(Rate)); }
        if (Rate is { } rate && (!(rate > 0) || double.IsInfinity(rate))) { yield return new ArgumentOutOfRangeException(nameof(Rate), rate, $"{nameof(Rate)} must be a finite number > 0."); }
        if (Trace is { Count: 0 }) { yield return new ArgumentException($"{nameof(Trace)} must hold at least one request.", nameof(Trace)); }
        if ((PromptTokens is null || OutputTokens is null) && Trace is null) { yield return new ArgumentException($"{nameof(PromptTokens)} and {nameof(OutputTokens)} must be given when there is no trace.", nameof(PromptTokens)); }
        if (!(PeakWindowSeconds > 0) || double.IsInfinity(PeakWindowSeconds)) { yield return new ArgumentOutOfRangeException(nameof(PeakWindowSeconds), PeakWindowSeconds, $"{nameof(PeakWindowSeconds)} must be a finite number > 0."); }
        if (!(ArrivalScv >= 0) || double.IsInfinity(ArrivalScv)) { yield return new ArgumentOutOfRangeException(nameof(ArrivalScv), ArrivalScv, $"{nameof(ArrivalScv)} must be a finite number >= 0."); }
        if (GpusPerReplica is null || GpusPerReplica.Count == 0 || GpusPerReplica.Any(g => g < 1)) { yield return new ArgumentException($"{nameof(GpusPerReplica)} must hold counts >= 1.", nameof(GpusPerReplica)); }
        if (BatchLimits is null || BatchLimits.Count == 0 || BatchLimits.Any(b => b < 1)) { yield return new ArgumentException($"{nameof(BatchLimits)} must hold limits >= 1.", nameof(BatchLimits)); }
        if (MaxReplicas < 1) { yield return new ArgumentOutOfRangeException(nameof(MaxReplicas), MaxReplicas, $"{nameof(MaxReplicas)} must be >= 1."); }
        if (!(ReplayCheckSeconds >= 0) || double.IsInfinity(ReplayCheckSeconds)) { yield return new ArgumentOutOfRangeException(nameof(ReplayCheckSeconds), ReplayCheckSeconds, $"{nameof(ReplayCheckSeconds)} must be a finite number >= 0."); }
    }

    internal DeploymentPlanRequest Snapshot()
    {
        var copy = (DeploymentPlanRequest)MemberwiseClone();
        copy.GpusPerReplica = [.. GpusPerReplica];
        copy.BatchLimits = [.. BatchLimits];
        copy.Devices = Devices is null ? null : [.. Devices];
        copy.Profiles = Profiles is null ? null : [.. Profiles];
        return copy;
    }
}
