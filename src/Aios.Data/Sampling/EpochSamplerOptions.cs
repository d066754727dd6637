namespace Aios.Data.Sampling;

/// <summary>Options of an <see cref="EpochSampler"/>.</summary>
public sealed class EpochSamplerOptions
{
    /// <summary>Gets the seed; the same seed gives the same orders everywhere. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Gets the number of ranks (workers) sharing each epoch, ≥ 1. Default 1.</summary>
    public int Ranks { get; init; } = 1;

    /// <summary>Gets this worker's rank, in [0, <see cref="Ranks"/>). Default 0.</summary>
    public int Rank { get; init; }

    /// <summary>Gets whether epochs are shuffled; false reads items in order (0, 1, …) every epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    internal void Validate()
    {
        if (Ranks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Ranks), Ranks, "Ranks must be ≥ 1.");
        }

        if (Rank < 0 || Rank >= Ranks)
        {
            throw new ArgumentOutOfRangeException(nameof(Rank), Rank, $"Rank must be in [0, {Ranks}).");
        }
    }
}
