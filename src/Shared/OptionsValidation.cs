namespace Aios;

/// <summary>
/// The one options pattern: an options class lists every invalid value (<c>GetErrors</c>), and the object it configures
/// throws the first of them and keeps a copy (<c>Snapshot</c>) when it is created. Hosts report them all at once.
/// </summary>
internal static class OptionsValidation
{
    /// <summary>Throws the first error, if any.</summary>
    /// <param name="errors">The errors, each naming the option and its valid range.</param>
    /// <exception cref="ArgumentException">The first error.</exception>
    public static void ThrowIfInvalid(IEnumerable<ArgumentException> errors)
    {
        foreach (ArgumentException error in errors)
        {
            throw error;
        }
    }
}
