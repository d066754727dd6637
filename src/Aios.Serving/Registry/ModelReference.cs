using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aios.Serving.Registry;

/// <summary>
/// A reference to a model version: <c>name</c> (the latest version), <c>name@latest</c>, <c>name@3</c> (version 3) or
/// <c>name@production</c> (whatever version the alias points at).
/// </summary>
/// <param name="Name">The model's name.</param>
/// <param name="Version">The version number, when the reference gives one.</param>
/// <param name="Alias">The alias, when the reference gives one.</param>
public readonly record struct ModelReference(string Name, int? Version, string? Alias)
{
    /// <summary>The alias that always means the highest version; it cannot be set.</summary>
    public const string Latest = "latest";

    /// <summary>Gets whether the reference means the latest version (no version and no alias).</summary>
    public bool IsLatest => Version is null && Alias is null;

    /// <summary>Parses a reference.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="FormatException">The text is not a reference; the message says why.</exception>
    public static ModelReference Parse(string text) =>
        TryParse(text, out ModelReference reference, out string? problem) ? reference : throw new FormatException(problem);

    /// <summary>Parses a reference, returning false for text that is not one.</summary>
    /// <param name="text">The text.</param>
    /// <param name="reference">The reference.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out ModelReference reference) => TryParse(text, out reference, out _);

    internal static bool TryParse([NotNullWhen(true)] string? text, out ModelReference reference, [NotNullWhen(false)] out string? problem)
    {
        reference = default;
        if (text is null)
        {
            problem = "a model reference is name, name@VERSION or name@ALIAS";
            return false;
        }

        int at = text.IndexOf('@', StringComparison.Ordinal);
        string name = at < 0 ? text : text[..at];
        problem = ModelRegistry.GetNameProblem(name);
        if (problem is not null)
        {
            problem = $"'{text}' is not a model reference: {problem}";
            return false;
        }

        if (at < 0)
        {
            reference = new ModelReference(name, null, null);
            return true;
        }

        string after = text[(at + 1)..];
        if (after.Length > 0 && char.IsAsciiDigit(after[0]))
        {
            if (!int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
            {
                problem = $"'{text}' is not a model reference: a version is a whole number from 1 to {int.MaxValue}";
                return false;
            }

            reference = new ModelReference(name, version, null);
            return true;
        }

        if (after == Latest)
        {
            reference = new ModelReference(name, null, null);
            return true;
        }

        problem = ModelRegistry.GetAliasProblem(after);
        if (problem is not null)
        {
            problem = $"'{text}' is not a model reference: {problem}";
            return false;
        }

        reference = new ModelReference(name, null, after);
        return true;
    }

    /// <summary>Returns the reference as text: <c>name</c>, <c>name@3</c> or <c>name@alias</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() =>
        Version is { } version ? string.Create(CultureInfo.InvariantCulture, $"{Name}@{version}") : Alias is { } alias ? $"{Name}@{alias}" : Name;
}
