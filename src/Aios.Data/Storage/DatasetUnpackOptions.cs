namespace Aios.Data.Storage;

/// <summary>How <see cref="DatasetPacker.UnpackAsync"/> restores a dataset version.</summary>
/// <remarks>
/// Every property has a documented default. <see cref="DatasetPacker.UnpackAsync"/> validates the options and takes a
/// copy of them when it starts: changing this object during the unpack has no effect on it.
/// </remarks>
public sealed class DatasetUnpackOptions
{
    /// <summary>
    /// Gets or sets whether files that already exist under the output folder are replaced. False (the default): the unpack
    /// checks every target before writing anything and refuses, naming the files, when one exists. True: each is replaced
    /// atomically by a rename of the complete new file (a symbolic link found there is replaced, never written through).
    /// A folder where a file should go is refused either way.
    /// </summary>
    public bool Overwrite { get; set; }

    /// <summary>Gets or sets how many chunks are read, verified and written at once: 1 to 256, or null (the default) for the processor count.</summary>
    public int? MaxDegreeOfParallelism { get; set; }

    /// <summary>Checks every option and returns a copy of them all (what an unpack keeps).</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the exception names the first one.</exception>
    internal DatasetUnpackOptions Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        return (DatasetUnpackOptions)MemberwiseClone();
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (MaxDegreeOfParallelism is < 1 or > 256)
        {
            yield return new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be in [1, 256], or null for the processor count.");
        }
    }
}
