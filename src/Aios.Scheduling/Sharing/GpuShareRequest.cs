using System.Globalization;

namespace Aios.Scheduling.Sharing;

/// <summary>
/// What one pod or replica asks of a node: CPU, memory, and either nothing of the GPUs, a fraction of one GPU, whole
/// GPUs, or a MIG instance. Create one with <see cref="CpuOnly"/>, <see cref="Fraction"/>, <see cref="Whole"/> or
/// <see cref="Mig"/>.
/// </summary>
/// <remarks>
/// GPU capacity is counted in milli-GPU as in Alibaba's 2023 GPU-sharing trace (Weng et al., ATC'23): a GPU has 1,000;
/// a fraction asks for 1–999 of one GPU; whole GPUs ask for 1,000 of each of <see cref="GpuCount"/> fully free GPUs on
/// one node. GPU memory is an optional second per-GPU dimension (0: the request does not limit it).
/// </remarks>
public sealed class GpuShareRequest : IEquatable<GpuShareRequest>
{
    /// <summary>The milli-GPU of one whole GPU.</summary>
    public const int MilliPerGpu = 1000;

    private GpuShareRequest(GpuShareKind kind, int gpuCount, int gpuMilli, long gpuMemoryBytes, string? migProfile, long cpuMilli, long memoryBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpuMilli);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(gpuMemoryBytes);
        Kind = kind;
        GpuCount = gpuCount;
        GpuMilli = gpuMilli;
        GpuMemoryBytes = gpuMemoryBytes;
        MigProfile = migProfile;
        CpuMilli = cpuMilli;
        MemoryBytes = memoryBytes;
    }

    /// <summary>Gets what the request asks of the GPUs.</summary>
    public GpuShareKind Kind { get; }

    /// <summary>Gets the GPUs the request occupies: 0 for <see cref="GpuShareKind.None"/>, 1 for a fraction or a MIG instance, n for n whole GPUs.</summary>
    public int GpuCount { get; }

    /// <summary>Gets the milli-GPU taken on each of its GPUs: 1–999 for a fraction, 1,000 for whole GPUs, 0 otherwise (a MIG instance is counted in slices).</summary>
    public int GpuMilli { get; }

    /// <summary>Gets the GPU memory in bytes taken on each of its GPUs (for a MIG instance: the profile's memory, known once placed; 0 here).</summary>
    public long GpuMemoryBytes { get; }

    /// <summary>Gets the MIG profile's name for <see cref="GpuShareKind.Mig"/>, otherwise null.</summary>
    public string? MigProfile { get; }

    /// <summary>Gets the CPU in milli-cores.</summary>
    public long CpuMilli { get; }

    /// <summary>Gets the host memory in bytes.</summary>
    public long MemoryBytes { get; }

    /// <summary>Gets the milli-GPU the request takes in all: <see cref="GpuCount"/> × <see cref="GpuMilli"/> (0 for MIG and CPU-only requests).</summary>
    public long TotalGpuMilli => (long)GpuCount * GpuMilli;

    /// <summary>Creates a request that uses no GPU.</summary>
    /// <param name="cpuMilli">CPU in milli-cores, at least 0.</param>
    /// <param name="memoryBytes">Host memory in bytes, at least 0.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public static GpuShareRequest CpuOnly(long cpuMilli, long memoryBytes = 0) =>
        new(GpuShareKind.None, 0, 0, 0, null, cpuMilli, memoryBytes);

    /// <summary>Creates a request for a fraction of one GPU.</summary>
    /// <param name="gpuMilli">The share of one GPU in milli-GPU, 1–999.</param>
    /// <param name="gpuMemoryBytes">The GPU memory, at least 0 (0: not limited).</param>
    /// <param name="cpuMilli">CPU in milli-cores, at least 0.</param>
    /// <param name="memoryBytes">Host memory in bytes, at least 0.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gpuMilli"/> is outside 1–999, or another argument is negative.</exception>
    public static GpuShareRequest Fraction(int gpuMilli, long gpuMemoryBytes = 0, long cpuMilli = 0, long memoryBytes = 0)
    {
        if (gpuMilli is < 1 or >= MilliPerGpu)
        {
            Guard.ThrowOutOfRange(nameof(gpuMilli), gpuMilli, "in [1, 999] milli-GPU (use Whole for 1000)");
        }

        return new(GpuShareKind.Fraction, 1, gpuMilli, gpuMemoryBytes, null, cpuMilli, memoryBytes);
    }

    /// <summary>Creates a request for whole GPUs on one node.</summary>
    /// <param name="gpuCount">The GPUs, 1–<see cref="GpuShareNode.MaxGpus"/>.</param>
    /// <param name="cpuMilli">CPU in milli-cores, at least 0.</param>
    /// <param name="memoryBytes">Host memory in bytes, at least 0.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gpuCount"/> is outside 1–<see cref="GpuShareNode.MaxGpus"/>, or another argument is negative.</exception>
    public static GpuShareRequest Whole(int gpuCount, long cpuMilli = 0, long memoryBytes = 0)
    {
        if (gpuCount is < 1 or > GpuShareNode.MaxGpus)
        {
            Guard.ThrowOutOfRange(nameof(gpuCount), gpuCount, string.Create(CultureInfo.InvariantCulture, $"in [1, {GpuShareNode.MaxGpus}]"));
        }

        return new(GpuShareKind.Whole, gpuCount, MilliPerGpu, 0, null, cpuMilli, memoryBytes);
    }

    /// <summary>Creates a request for one MIG GPU instance.</summary>
    /// <param name="profile">The profile's name, such as <c>3g.20gb</c>: a profile of at least one of <see cref="MigGpuType.All"/>.</param>
    /// <param name="cpuMilli">CPU in milli-cores, at least 0.</param>
    /// <param name="memoryBytes">Host memory in bytes, at least 0.</param>
    /// <returns>The request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="profile"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="profile"/> is not a profile of any known MIG GPU; the message lists the valid ones.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Another argument is negative.</exception>
    public static GpuShareRequest Mig(string profile, long cpuMilli = 0, long memoryBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(profile);
        foreach (MigGpuType type in MigGpuType.All)
        {
            foreach (MigProfile known in type.Profiles)
            {
                if (string.Equals(known.Name, profile, StringComparison.OrdinalIgnoreCase))
                {
                    return new(GpuShareKind.Mig, 1, 0, 0, known.Name, cpuMilli, memoryBytes);
                }
            }
        }

        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (MigGpuType type in MigGpuType.All)
        {
            foreach (MigProfile known in type.Profiles)
            {
                names.Add(known.Name);
            }
        }

        throw new ArgumentException($"{nameof(profile)} must be a MIG profile of A100-40GB, A100-80GB or H100-80GB ({string.Join(", ", names)}); '{profile}' is not.", nameof(profile));
    }

    /// <inheritdoc/>
    public bool Equals(GpuShareRequest? other) =>
        other is not null && Kind == other.Kind && GpuCount == other.GpuCount && GpuMilli == other.GpuMilli
        && GpuMemoryBytes == other.GpuMemoryBytes && string.Equals(MigProfile, other.MigProfile, StringComparison.Ordinal)
        && CpuMilli == other.CpuMilli && MemoryBytes == other.MemoryBytes;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as GpuShareRequest);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, GpuCount, GpuMilli, GpuMemoryBytes, MigProfile, CpuMilli, MemoryBytes);

    /// <summary>Describes the request (<c>0.46 GPU, 6000m CPU, 12 GiB</c>).</summary>
    /// <returns>The description.</returns>
    public override string ToString() => Kind switch
    {
        GpuShareKind.None => string.Create(CultureInfo.InvariantCulture, $"no GPU, {CpuMilli}m CPU, {MemoryBytes} B"),
        GpuShareKind.Fraction => string.Create(CultureInfo.InvariantCulture, $"{GpuMilli}m GPU{(GpuMemoryBytes > 0 ? $" + {GpuMemoryBytes} B GPU memory" : "")}, {CpuMilli}m CPU, {MemoryBytes} B"),
        GpuShareKind.Whole => string.Create(CultureInfo.InvariantCulture, $"{GpuCount} GPU, {CpuMilli}m CPU, {MemoryBytes} B"),
        _ => string.Create(CultureInfo.InvariantCulture, $"MIG {MigProfile}, {CpuMilli}m CPU, {MemoryBytes} B"),
    };
}
