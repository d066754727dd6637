namespace Aios.Data.Storage;

/// <summary>How <see cref="DatasetPacker.UnpackAsync"/> restores a dataset version.</summary>
public sealed class DatasetUnpackOptions
{
    private readonly int? _maxDegreeOfParallelism;

    /// <summary>
    /// Gets whether files that already exist under the output folder are replaced. False (the default): the unpack checks
    /// every target before writing anything and refuses, naming the files, when one exists. True: each is replaced
    /// atomically by a rename of the complete new file (a symbolic link found there is replaced, never written through).
    /// A folder where a file should go is refused either way.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>Gets how many chunks are read, verified and written at once; 1 ≤ it ≤ 256; the processor count when null (the default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is out of range.</exception>
    public int? MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value is int parallelism)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1, nameof(MaxDegreeOfParallelism));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(parallelism, 256, nameof(MaxDegreeOfParallelism));
            }

            _maxDegreeOfParallelism = value;
        }
    }
}
