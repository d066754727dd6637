namespace Aios.Serving.Registry;

/// <summary>How a <see cref="ModelRegistry"/> works. Every property has a documented default; the registry keeps a copy.</summary>
public sealed class ModelRegistryOptions
{
    /// <summary>Gets or sets the clock that stamps registrations and times the wait for the lock; <see cref="TimeProvider.System"/> by default.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets how long a writer (register, alias) waits for another writer's lock before failing: more than zero
    /// and at most a day; 30 seconds by default. Only the final commit holds the lock, not the chunking.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many chunks are hashed, compressed and written at once: 1 to 256, or null (the default) for the processor count.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>Checks every option and returns a copy of them all.</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the exception names the first one.</exception>
    internal ModelRegistryOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (ModelRegistryOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (TimeProvider is null)
        {
            yield return new ArgumentNullException(nameof(TimeProvider), "TimeProvider must be a clock, not null.");
        }

        if (LockTimeout <= TimeSpan.Zero || LockTimeout > TimeSpan.FromDays(1))
        {
            yield return new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "LockTimeout must be in (0, 1 day].");
        }

        if (MaxDegreeOfParallelism is < 1 or > 256)
        {
            yield return new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be in [1, 256], or null for the processor count.");
        }
    }
}
