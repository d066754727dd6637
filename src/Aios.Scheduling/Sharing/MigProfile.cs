namespace Aios.Scheduling.Sharing;

/// <summary>
/// A Multi-Instance GPU (MIG) GPU-instance profile of one GPU model, such as <c>3g.20gb</c> on an A100-40GB: how many of
/// the GPU's seven compute slices and eight memory slices it takes, and the memory slices where an instance of it may
/// start.
/// </summary>
/// <remarks>
/// The figures are those of the placement tables in NVIDIA's <i>Multi-Instance GPU User Guide</i> ("Supported MIG
/// Profiles"): a GPU has 7 compute slices and 8 memory slices; an instance of a profile occupies
/// <see cref="MemorySlices"/> consecutive memory slices starting at one of <see cref="Starts"/>, and
/// <see cref="ComputeSlices"/> of the seven compute slices. Two instances on one GPU never share a memory slice, and
/// their compute slices add up to at most 7. The <c>+me</c> (media extension) variants are not modelled.
/// </remarks>
public sealed class MigProfile
{
    internal MigProfile(string name, int computeSlices, int memorySlices, int[] starts, long memoryBytes, int index)
    {
        Name = name;
        ComputeSlices = computeSlices;
        MemorySlices = memorySlices;
        Starts = starts;
        MemoryBytes = memoryBytes;
        Index = index;
        SliceMask = (byte)((1 << memorySlices) - 1);
    }

    /// <summary>Gets the profile's name as NVIDIA writes it (<c>1g.5gb</c>, <c>7g.80gb</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the compute slices (of 7) an instance takes.</summary>
    public int ComputeSlices { get; }

    /// <summary>Gets the memory slices (of 8) an instance takes.</summary>
    public int MemorySlices { get; }

    /// <summary>Gets the memory slices (0–7) at which an instance may start, from the guide's placement table.</summary>
    public IReadOnlyList<int> Starts { get; }

    /// <summary>Gets the GPU memory of an instance: <see cref="MemorySlices"/> eighths of the GPU's memory.</summary>
    public long MemoryBytes { get; }

    /// <summary>Gets the profile's position in its GPU type's <see cref="MigGpuType.Profiles"/>.</summary>
    internal int Index { get; }

    /// <summary>The memory-slice bits of an instance that starts at slice 0.</summary>
    internal byte SliceMask { get; }

    /// <summary>Returns the profile's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
