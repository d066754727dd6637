namespace Aios.Data.Sampling;

/// <summary>Options of an <see cref="EpochSampler"/>.</summary>
/// <remarks>
/// Every property has a documented default. An <see cref="EpochSampler"/> validates the options and takes a copy of them when it is
/// created: changing this object afterwards has no effect on it, and one object may configure several.
/// </remarks>
public sealed class EpochSamplerOptions
{
    /// <summary>Gets or sets the seed; the same seed gives the same orders everywhere. Default 0.</summary>
    public ulong Seed { get; set; }

    /// <summary>Gets or sets the number of ranks (workers) sharing each epoch, ≥ 1. Default 1.</summary>
    public int Ranks { get; set; } = 1;

    /// <summary>Gets this worker's rank, in [0, <see cref="Ranks"/>). Default 0.</summary>
    public int Rank { get; set; }

    /// <summary>Gets or sets whether epochs are shuffled; false reads items in order (0, 1, …) every epoch. Default true.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>Checks every option and returns a copy of them all (what a sampler keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the exception names the first one.</exception>
    internal EpochSamplerOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (EpochSamplerOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (Ranks < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(Ranks), Ranks, "Ranks must be ≥ 1.");
        }

        if (Rank < 0 || Rank >= Ranks)
        {
            yield return new ArgumentOutOfRangeException(nameof(Rank), Rank, $"Rank must be in [0, {Ranks}).");
        }
    }
}
