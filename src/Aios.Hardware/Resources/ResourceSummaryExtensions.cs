namespace Aios.Hardware.Resources;

/// <summary>Summarizes a <see cref="DeviceInventory"/> into <see cref="ResourceSummary"/> resource vectors.</summary>
public static class ResourceSummaryExtensions
{
    /// <summary>Summarizes an inventory (the same as <see cref="ResourceSummary.From(DeviceInventory)"/>).</summary>
    /// <param name="inventory">The inventory.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inventory"/> is <see langword="null"/>.</exception>
    public static ResourceSummary Summarize(this DeviceInventory inventory) => ResourceSummary.From(inventory);
}
