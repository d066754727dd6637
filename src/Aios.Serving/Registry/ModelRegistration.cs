namespace Aios.Serving.Registry;

/// <summary>What <see cref="ModelRegistry.RegisterAsync"/> records about a new version, besides its files.</summary>
/// <remarks>
/// The registry validates the options and takes a copy when a registration starts: changing this object meanwhile has
/// no effect on it.
/// </remarks>
public sealed class ModelRegistration
{
    /// <summary>
    /// Gets or sets the model's name (required): 1 to 256 characters, no <c>@</c>, no control characters, no leading or
    /// trailing white space (<c>meta-llama/Llama-3.1-8B</c> is a name).
    /// </summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the version this one derives from (a fine-tune's base): an existing version of the same name, or null (the default).</summary>
    public int? ParentVersion { get; set; }

    /// <summary>Gets the free-form labels: keys of 1 to 128 characters without <c>=</c> or control characters; values without control characters.</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Checks every option and returns a copy of them all.</summary>
    /// <returns>The copy.</returns>
    /// <exception cref="ArgumentException">An option is invalid; the exception names the first one.</exception>
    internal ModelRegistration Snapshot()
    {
        OptionsValidation.ThrowIfInvalid(GetErrors());
        var copy = new ModelRegistration { Name = Name, ParentVersion = ParentVersion };
        foreach (KeyValuePair<string, string> label in Labels)
        {
            copy.Labels.Add(label.Key, label.Value);
        }

        return copy;
    }

    /// <summary>Lists every invalid option, each as an exception that names it and its valid range.</summary>
    /// <returns>The errors; empty when every option is valid.</returns>
    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (ModelRegistry.GetNameProblem(Name) is { } problem)
        {
            yield return new ArgumentException($"Name must be a model name: {problem}.", nameof(Name));
        }

        if (ParentVersion is < 1)
        {
            yield return new ArgumentOutOfRangeException(nameof(ParentVersion), ParentVersion, "ParentVersion must be >= 1, or null.");
        }

        foreach (KeyValuePair<string, string> label in Labels)
        {
            if (label.Key.Length is 0 or > 128 || label.Key.Contains('=', StringComparison.Ordinal) || HasControl(label.Key) || label.Value is null || HasControl(label.Value))
            {
                yield return new ArgumentException(
                    $"Labels must have keys of 1 to 128 characters without '=' or control characters, and values without control characters (got '{label.Key}').", nameof(Labels));
            }
        }
    }

    private static bool HasControl(string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
