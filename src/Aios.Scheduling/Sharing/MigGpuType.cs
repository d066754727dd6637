namespace Aios.Scheduling.Sharing;

/// <summary>
/// A GPU model that can be partitioned with Multi-Instance GPU (MIG): its memory and its GPU-instance profiles with
/// their valid placements.
/// </summary>
/// <remarks>
/// <para>From the placement tables of NVIDIA's <i>Multi-Instance GPU User Guide</i> (profiles without media extensions):</para>
/// <list type="table">
/// <listheader><term>GPU</term><description>profile: compute/memory slices @ start slices</description></listheader>
/// <item><term>A100-40GB</term><description>1g.5gb 1/1 @0–6; 1g.10gb 1/2 @0,2,4,6; 2g.10gb 2/2 @0,2,4; 3g.20gb 3/4 @0,4; 4g.20gb 4/4 @0; 7g.40gb 7/8 @0.</description></item>
/// <item><term>A100-80GB</term><description>1g.10gb 1/1 @0–6; 1g.20gb 1/2 @0,2,4,6; 2g.20gb 2/2 @0,2,4; 3g.40gb 3/4 @0,4; 4g.40gb 4/4 @0; 7g.80gb 7/8 @0.</description></item>
/// <item><term>H100-80GB</term><description>1g.10gb 1/1 @0–6; 1g.20gb 1/2 @0,2,4,6; 2g.20gb 2/2 @0,2,4; 3g.40gb 3/4 @0,4; 4g.40gb 4/4 @0; 7g.80gb 7/8 @0.</description></item>
/// </list>
/// <para>The memory of a GPU is 8 memory slices and its SMs 7 compute slices, so a 1g profile cannot start at slice 7
/// and a full GPU (7g) takes all eight memory slices. An instance's memory is its share of the GPU's memory
/// (<see cref="MigProfile.MemoryBytes"/>); NVIDIA's names round it (a "5gb" slice of an A100-40GB is 40 GB / 8).</para>
/// </remarks>
public sealed class MigGpuType
{
    private const long Gigabyte = 1_000_000_000;

    // The A100-80GB and the H100-80GB share one layout: the same profiles, slices and start positions.
    private static readonly (string Name, int Compute, int Memory, int[] Starts)[] Layout80GB =
    [
        ("1g.10gb", 1, 1, [0, 1, 2, 3, 4, 5, 6]),
        ("1g.20gb", 1, 2, [0, 2, 4, 6]),
        ("2g.20gb", 2, 2, [0, 2, 4]),
        ("3g.40gb", 3, 4, [0, 4]),
        ("4g.40gb", 4, 4, [0]),
        ("7g.80gb", 7, 8, [0]),
    ];

    private MigGpuType(string name, long memoryBytes, params (string Name, int Compute, int Memory, int[] Starts)[] profiles)
    {
        Name = name;
        MemoryBytes = memoryBytes;
        var list = new MigProfile[profiles.Length];
        for (int i = 0; i < profiles.Length; i++)
        {
            list[i] = new MigProfile(profiles[i].Name, profiles[i].Compute, profiles[i].Memory, profiles[i].Starts, memoryBytes / 8 * profiles[i].Memory, i);
        }

        Profiles = list;
    }

    /// <summary>Gets the NVIDIA A100 with 40 GB.</summary>
    public static MigGpuType A100With40GB { get; } = new(
        "A100-40GB",
        40 * Gigabyte,
        ("1g.5gb", 1, 1, [0, 1, 2, 3, 4, 5, 6]),
        ("1g.10gb", 1, 2, [0, 2, 4, 6]),
        ("2g.10gb", 2, 2, [0, 2, 4]),
        ("3g.20gb", 3, 4, [0, 4]),
        ("4g.20gb", 4, 4, [0]),
        ("7g.40gb", 7, 8, [0]));

    /// <summary>Gets the NVIDIA A100 with 80 GB.</summary>
    public static MigGpuType A100With80GB { get; } = new(
        "A100-80GB",
        80 * Gigabyte,
        Layout80GB);

    /// <summary>Gets the NVIDIA H100 with 80 GB.</summary>
    public static MigGpuType H100With80GB { get; } = new(
        "H100-80GB",
        80 * Gigabyte,
        Layout80GB);

    /// <summary>Gets the three GPU types above.</summary>
    public static IReadOnlyList<MigGpuType> All { get; } = [A100With40GB, A100With80GB, H100With80GB];

    /// <summary>Gets the GPU's name (<c>A100-40GB</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the GPU's memory in bytes.</summary>
    public long MemoryBytes { get; }

    /// <summary>Gets the GPU-instance profiles, smallest first.</summary>
    public IReadOnlyList<MigProfile> Profiles { get; }

    /// <summary>Finds a profile by name (ordinal, case-insensitive).</summary>
    /// <param name="name">The profile's name, such as <c>3g.20gb</c>.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException">This GPU type has no such profile; the message lists the valid ones.</exception>
    public MigProfile GetProfile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (MigProfile profile in Profiles)
        {
            if (string.Equals(profile.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return profile;
            }
        }

        throw new ArgumentException($"{nameof(name)} must be a MIG profile of {Name}: {string.Join(", ", Profiles)}; '{name}' is not.", nameof(name));
    }

    /// <summary>Returns the GPU's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Name;
}
