namespace Aios.Serving.Registry;

/// <summary>
/// A registry file (the head pointer, an index or version record) failed verification: its bytes do not hash to its
/// name or do not parse. Nothing is returned from it; restore the file from a backup or re-register the version.
/// </summary>
public sealed class ModelRegistryCorruptException : IOException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="path">The file.</param>
    /// <param name="reason">What failed.</param>
    /// <param name="innerException">The parser's exception, if any.</param>
    public ModelRegistryCorruptException(string path, string reason, Exception? innerException = null)
        : base($"Model registry file '{path}' is corrupt: {reason}.", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>Gets the file.</summary>
    public string Path { get; }

    /// <summary>Gets what failed.</summary>
    public string Reason { get; }
}
