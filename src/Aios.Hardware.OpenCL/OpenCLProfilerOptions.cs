namespace Aios.Hardware.OpenCL;

/// <summary>
/// Sizes of the <see cref="OpenCLProfiler"/> runs. The defaults finish in well under two seconds on PoCL's CPU device
/// on two cores (kernel build included) and are large enough to leave caches behind on a CPU.
/// </summary>
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
    /// Gets or sets the size in bytes of each triad array; a multiple of 4 from 4 KiB up; clamped at run time to the
    /// device's <c>CL_DEVICE_MAX_MEM_ALLOC_SIZE</c>. Default <see cref="DefaultBufferBytes"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 4096, above 2 GiB or not a multiple of 4.</exception>
    public long BufferBytes
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 4096);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, (long)int.MaxValue * sizeof(float) / 4 * 4);
            if (value % sizeof(float) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "BufferBytes must be a multiple of 4 (whole floats).");
            }

            field = value;
        }
    } = DefaultBufferBytes;

    /// <summary>Gets or sets the number of timed runs of each kernel, the best of which is reported: 1 to 1000. Default <see cref="DefaultRepetitions"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1..1000.</exception>
    public int Repetitions
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1000);
            field = value;
        }
    } = DefaultRepetitions;

    /// <summary>Gets or sets the number of FMA work-items: 1 to 2^26. Default <see cref="DefaultFmaWorkItems"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1..2^26.</exception>
    public int FmaWorkItems
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1 << 26);
            field = value;
        }
    } = DefaultFmaWorkItems;

    /// <summary>Gets or sets the loop count per FMA work-item (eight FMAs each): 1 to 2^24. Default <see cref="DefaultFmaIterations"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1..2^24.</exception>
    public int FmaIterations
    {
        get;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1 << 24);
            field = value;
        }
    } = DefaultFmaIterations;
}
