namespace Aios.Data.Sampling;

/// <summary>A place in a rank's reads: an epoch and an offset into the rank's share of it. Save it to resume mid-epoch.</summary>
/// <param name="Epoch">The epoch, ≥ 0.</param>
/// <param name="Offset">The offset into this rank's items of the epoch, ≥ 0.</param>
public readonly record struct SamplerPosition(int Epoch, int Offset)
{
    /// <summary>Gets the position after this one, given the rank's items per epoch.</summary>
    /// <param name="itemsPerEpoch">The rank's items per epoch.</param>
    /// <returns>The next position (the first of the next epoch after the last one).</returns>
    public SamplerPosition Next(int itemsPerEpoch) => Offset + 1 < itemsPerEpoch ? new SamplerPosition(Epoch, Offset + 1) : new SamplerPosition(Epoch + 1, 0);
}
