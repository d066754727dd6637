namespace Aios.Hardware.Selection;

/// <summary>
/// A scoring term for <see cref="DeviceSelector.Prefer(DevicePreference, double)"/>. Each term gives a device a value in
/// [0, 1]; a device's score is the weighted sum of its terms.
/// </summary>
public sealed class DevicePreference
{
    private DevicePreference(PreferenceKind kind, string name, DeviceAttribute value, string description)
    {
        Kind = kind;
        Name = name;
        Value = value;
        Description = description;
    }

    /// <summary>Gets a preference for more memory (<see cref="CapacityNames.MemoryBytes"/>).</summary>
    public static DevicePreference MoreMemory { get; } = MoreCapacity(CapacityNames.MemoryBytes);

    /// <summary>Gets a preference for more compute units (<see cref="CapacityNames.ComputeUnits"/>).</summary>
    public static DevicePreference MoreComputeUnits { get; } = MoreCapacity(CapacityNames.ComputeUnits);

    /// <summary>
    /// Gets a preference, for requests of several devices, for devices linked closely to each other (a direct fabric such
    /// as NVLink first). It sets the weight of the link term of the group score; without it that weight is 1.
    /// </summary>
    public static DevicePreference CloseLinks { get; } = new(PreferenceKind.CloseLinks, string.Empty, default, "close links between the chosen devices");

    /// <summary>Gets a description of the preference, such as <c>more memoryBytes</c>.</summary>
    public string Description { get; }

    internal PreferenceKind Kind { get; }

    internal string Name { get; }

    internal DeviceAttribute Value { get; }

    /// <summary>Prefers more of a capacity: the term is the device's capacity divided by the largest among the matches (0 where not reported).</summary>
    /// <param name="capacity">The capacity name, such as <see cref="CapacityNames.MemoryBytes"/>.</param>
    /// <returns>The preference.</returns>
    /// <exception cref="ArgumentException"><paramref name="capacity"/> is <see langword="null"/>, empty or white space.</exception>
    public static DevicePreference MoreCapacity(string capacity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(capacity);
        return new(PreferenceKind.Capacity, capacity, default, $"more {capacity}");
    }

    /// <summary>Prefers devices whose attribute equals a value: the term is 1 where it does, else 0.</summary>
    /// <param name="name">The attribute's qualified name.</param>
    /// <param name="value">The preferred value.</param>
    /// <returns>The preference.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/>, empty or white space.</exception>
    public static DevicePreference AttributeEquals(string name, DeviceAttribute value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new(PreferenceKind.AttributeEquals, name, value, $"{name} = {value}");
    }

    /// <inheritdoc/>
    public override string ToString() => Description;

    internal enum PreferenceKind
    {
        Capacity,
        AttributeEquals,
        CloseLinks,
    }
}
