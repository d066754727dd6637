namespace Aios.Scheduling.Sharing;

/// <summary>
/// The workload-inflation experiment of Weng et al. (ATC'23, §6; after Verma et al.'s "Evaluating job packing in
/// warehouse-scale computing", CLUSTER'14): pods drawn from a trace arrive at an empty cluster until their GPU demand
/// reaches a given share of the cluster's GPU capacity, and the share of GPU capacity left unallocated is measured.
/// </summary>
/// <remarks>
/// <para>Choices (documented because the paper leaves them to its simulator): pods are drawn uniformly with replacement
/// from the trace (seeded), one at a time; a pod that fits nowhere is dropped, not retried, and arrivals go on (the
/// arrived workload counts it); nothing departs. The run records the cluster at the first GPU pod that fails (the
/// point where fragmentation first refuses work) and the curve of unallocated capacity against arrived workload, and
/// stops once the arrived GPU demand reaches <c>arrivedLimit</c> × capacity. CPU-only pods arrive as in the trace (they
/// can strand GPUs by taking a node's CPU). The FGD target workload is the trace's pod distribution.</para>
/// </remarks>
public static class InflationExperiment
{
    /// <summary>Runs one inflation.</summary>
    /// <param name="nodes">The cluster's nodes.</param>
    /// <param name="pods">The pods to draw from; at least one must ask for a GPU.</param>
    /// <param name="strategy">The placement strategy.</param>
    /// <param name="seed">The seed of the draws.</param>
    /// <param name="arrivedLimit">When to stop: the arrived GPU demand as a share of GPU capacity, in (0, 10].</param>
    /// <param name="curveStep">The spacing of the curve's points in arrived share, in (0, 1].</param>
    /// <param name="workload">The FGD target workload; null: the distribution of <paramref name="pods"/>.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="nodes"/> or <paramref name="pods"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="pods"/> has no GPU pod, or the nodes no GPU.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrivedLimit"/> or <paramref name="curveStep"/> is out of range.</exception>
    public static InflationResult Run(
        IReadOnlyList<GpuShareNode> nodes,
        IReadOnlyList<GpuShareRequest> pods,
        GpuShareStrategy strategy,
        int seed,
        double arrivedLimit = 1.0,
        double curveStep = 0.1,
        GpuShareWorkload? workload = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(pods);
        Guard.InRange(arrivedLimit, 0, 10, upperInclusive: true, lowerInclusive: false);
        Guard.InRange(curveStep, 0, 1, upperInclusive: true, lowerInclusive: false);
        bool anyGpu = false;
        foreach (GpuShareRequest pod in pods)
        {
            anyGpu |= pod.Kind != GpuShareKind.None;
        }

        if (!anyGpu)
        {
            throw new ArgumentException($"{nameof(pods)} must hold at least one pod that asks for a GPU.", nameof(pods));
        }

        workload ??= strategy == GpuShareStrategy.Fgd ? GpuShareWorkload.FromSample(pods) : null;
        var cluster = new GpuShareCluster(nodes, workload, seed);
        double capacity = cluster.GpuCount * (double)GpuShareRequest.MilliPerGpu;
        if (capacity == 0)
        {
            throw new ArgumentException($"{nameof(nodes)} must have at least one GPU.", nameof(nodes));
        }

        var random = new Random(seed);
        var curve = new List<InflationPoint>();
        double arrived = 0;
        int submitted = 0, failed = 0;
        GpuShareSummary? firstFailure = null;
        GpuShareRequest? firstRefused = null;
        double arrivedAtFirstFailure = double.NaN;
        while (arrived < arrivedLimit * capacity)
        {
            GpuShareRequest pod = pods[random.Next(pods.Count)];
            double demand = pod.Kind == GpuShareKind.Mig ? 0 : pod.TotalGpuMilli;
            submitted++;
            arrived += demand;
            if (!cluster.TryPlace(pod, strategy, out _, out _))
            {
                failed++;
                if (firstFailure is null && pod.Kind != GpuShareKind.None)
                {
                    firstFailure = cluster.Summarize();
                    firstRefused = pod;
                    arrivedAtFirstFailure = arrived / capacity;
                }
            }

            while ((curve.Count + 1) * curveStep is var point && arrived >= point * capacity && point <= arrivedLimit + 1e-9)
            {
                curve.Add(new InflationPoint(point, cluster.Summarize().FreeShare, failed));
            }
        }

        return new InflationResult(strategy, seed, firstFailure, firstRefused, arrivedAtFirstFailure, cluster.Summarize(), curve, submitted, failed);
    }
}
