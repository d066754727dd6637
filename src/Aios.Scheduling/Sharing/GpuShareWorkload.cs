namespace Aios.Scheduling.Sharing;

/// <summary>
/// A target workload: the distinct kinds of request a cluster expects and how often each arrives (its popularity),
/// which Fragmentation Gradient Descent uses to measure fragmentation (Weng et al., ATC'23, §3: the workload M and the
/// popularity p_m of each task type m).
/// </summary>
public sealed class GpuShareWorkload
{
    private GpuShareWorkload(GpuShareRequest[] types, double[] popularity)
    {
        TypeArray = types;
        PopularityArray = popularity;
    }

    /// <summary>Gets the distinct request types.</summary>
    public IReadOnlyList<GpuShareRequest> Types => TypeArray;

    /// <summary>Gets each type's popularity (share of arrivals), summing to 1.</summary>
    public IReadOnlyList<double> Popularity => PopularityArray;

    internal GpuShareRequest[] TypeArray { get; }

    internal double[] PopularityArray { get; }

    /// <summary>Builds the workload of a sample of requests: each distinct request is a type, weighted by how often it occurs.</summary>
    /// <param name="requests">The requests (equal requests are one type); at least one.</param>
    /// <returns>The workload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="requests"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="requests"/> is empty.</exception>
    public static GpuShareWorkload FromSample(IEnumerable<GpuShareRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var counts = new Dictionary<GpuShareRequest, int>();
        var order = new List<GpuShareRequest>();
        int total = 0;
        foreach (GpuShareRequest request in requests)
        {
            ArgumentNullException.ThrowIfNull(request, nameof(requests));
            if (counts.TryGetValue(request, out int count))
            {
                counts[request] = count + 1;
            }
            else
            {
                counts[request] = 1;
                order.Add(request);
            }

            total++;
        }

        if (total == 0)
        {
            throw new ArgumentException($"{nameof(requests)} must hold at least one request.", nameof(requests));
        }

        var popularity = new double[order.Count];
        for (int i = 0; i < order.Count; i++)
        {
            popularity[i] = counts[order[i]] / (double)total;
        }

        return new GpuShareWorkload([.. order], popularity);
    }
}
