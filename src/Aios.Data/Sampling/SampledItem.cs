namespace Aios.Data.Sampling;

/// <summary>One read of a sampler: where it is and which item.</summary>
/// <param name="Position">Its place (resume at <see cref="SamplerPosition.Next"/> to continue after it).</param>
/// <param name="Item">The item's index in the dataset.</param>
public readonly record struct SampledItem(SamplerPosition Position, int Item);
