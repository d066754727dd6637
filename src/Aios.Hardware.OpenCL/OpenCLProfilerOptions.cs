namespace Aios.Hardware.OpenCL;

/// <summary>
/// Sizes of the <see cref="OpenCLProfiler"/> runs. The defaults finish in well under two seconds on PoCL's CPU device
/// on two cores (kernel build included) and are large enough to leave caches behind on a CPU.
/// </summary>
/// <remarks>
/// Every property has a documented default. An <see cref="OpenCLProfiler"/> validates the options and takes a copy of
/// them when it is created: changing this object afterwards has no effect on it.
/// </remarks>
public sealed class OpenCLProfilerOptions
{
    /// <summary>
    /// The default size of each of the three triad arrays: 32 MiB, so one run moves 96 MiB, beyond the last-level cache
    /// of one CPU chiplet and long enough (milliseconds) for event timers; larger buffers add host time (first-touch page
    /// faults, verification) without changing the figure much.
    /// </summary>
    public const long DefaultBufferBytes = 32L * 1024 * 1024;

    /// <summary>The default number of timed runs of each kernel (after one untimed warm-up): 3.</summary>
    public const int DefaultRepetitions = 3;

    /// <summary>The default number of FMA work-items: 8192.</summary>
    public const int DefaultFmaWorkItems = 8192;

    /// <summary>The default loop count per FMA work-item: 2048 (eight FMAs per iteration).</summary>
    public const int DefaultFmaIterations = 2048;

    /// <summary>
    /// Gets or sets the size in bytes of each triad array: a multiple of 4 in [4 KiB, 2 GiB]; clamped at run time to the
    /// device's <c>CL_DEVICE_MAX_MEM_ALLOC_SIZE</c>. Default <see cref="DefaultBufferBytes"/>.
    /// </summary>
    public long BufferBytes { get; set; } = DefaultBufferBytes;

    /// <summary>Gets or sets the number of timed runs of each kernel, the best of which is reported: 1 to 1000. Default <see cref="DefaultRepetitions"/>.</summary>
    public int Repetitions { get; set; } = DefaultRepetitions;

    /// <summary>Gets or sets the number of FMA work-items: 1 to 2^26. Default <see cref="DefaultFmaWorkItems"/>.</summary>
    public int FmaWorkItems { get; set; } = DefaultFmaWorkItems;

    /// <summary>Gets or sets the loop count per FMA work-item (eight FMAs each): 1 to 2^24. Default <see cref="DefaultFmaIterations"/>.</summary>
    public int FmaIterations { get; set; } = DefaultFmaIterations;

    /// <summary>Checks every option and returns a copy of them all (what a profiler keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the exception names the first one.</exception>
    internal OpenCLProfilerOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (OpenCLProfilerOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        const long largestBuffer = (long)int.MaxValue * sizeof(float) / 4 * 4;
        if (BufferBytes is < 4096 or > largestBuffer || BufferBytes % sizeof(float) != 0)
        {
            yield return new ArgumentOutOfRangeException(nameof(BufferBytes), BufferBytes, $"BufferBytes must be a multiple of 4 (whole floats) in [4096, {largestBuffer}].");
        }

        if (Repetitions is < 1 or > 1000)
        {
            yield return new ArgumentOutOfRangeException(nameof(Repetitions), Repetitions, "Repetitions must be in [1, 1000].");
        }

        if (FmaWorkItems is < 1 or > 1 << 26)
        {
            yield return new ArgumentOutOfRangeException(nameof(FmaWorkItems), FmaWorkItems, "FmaWorkItems must be in [1, 2^26].");
        }

        if (FmaIterations is < 1 or > 1 << 24)
        {
            yield return new ArgumentOutOfRangeException(nameof(FmaIterations), FmaIterations, "FmaIterations must be in [1, 2^24].");
        }
    }
}
