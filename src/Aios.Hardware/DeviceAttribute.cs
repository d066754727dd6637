using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Aios.Hardware;

/// <summary>
/// A typed attribute value, in the manner of Kubernetes Dynamic Resource Allocation: a string, integer, boolean or
/// version, so that selectors compare "compute capability ≥ 8.0" as versions, not as text.
/// </summary>
public readonly record struct DeviceAttribute
{
    private readonly string? _text;
    private readonly long _integer;
    private readonly Version? _version;

    private DeviceAttribute(AttributeKind kind, string? text, long integer, Version? version)
    {
        Kind = kind;
        _text = text;
        _integer = integer;
        _version = version;
    }

    /// <summary>The type of the value.</summary>
    public AttributeKind Kind { get; }

    /// <summary>A string attribute.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(AttributeKind.String, value, 0, null);
    }

    /// <summary>An integer attribute.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromInteger(long value) => new(AttributeKind.Integer, null, value, null);

    /// <summary>A boolean attribute.</summary>
    /// <param name="value">The flag.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromBoolean(bool value) => new(AttributeKind.Boolean, null, value ? 1 : 0, null);

    /// <summary>A version attribute.</summary>
    /// <param name="value">The version.</param>
    /// <returns>The attribute.</returns>
    public static DeviceAttribute FromVersion(Version value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(AttributeKind.Version, null, 0, value);
    }

    /// <summary>Gets the value when this is a string attribute.</summary>
    /// <param name="value">The text.</param>
    /// <returns>Whether the attribute is a string.</returns>
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = Kind == AttributeKind.String ? _text : null;
        return value is not null;
    }

    /// <summary>Gets the value when this is an integer attribute.</summary>
    /// <param name="value">The number.</param>
    /// <returns>Whether the attribute is an integer.</returns>
    public bool TryGetInteger(out long value)
    {
        value = Kind == AttributeKind.Integer ? _integer : 0;
        return Kind == AttributeKind.Integer;
    }

    /// <summary>Gets the value when this is a boolean attribute.</summary>
    /// <param name="value">The flag.</param>
    /// <returns>Whether the attribute is a boolean.</returns>
    public bool TryGetBoolean(out bool value)
    {
        value = Kind == AttributeKind.Boolean && _integer != 0;
        return Kind == AttributeKind.Boolean;
    }

    /// <summary>Gets the value when this is a version attribute.</summary>
    /// <param name="value">The version.</param>
    /// <returns>Whether the attribute is a version.</returns>
    public bool TryGetVersion([NotNullWhen(true)] out Version? value)
    {
        value = Kind == AttributeKind.Version ? _version : null;
        return value is not null;
    }

    /// <summary>The value as text: the string, the integer in invariant culture, <c>true</c>/<c>false</c>, or the version.</summary>
    /// <returns>The text form.</returns>
    public override string ToString() => Kind switch
    {
        AttributeKind.String => _text ?? string.Empty,
        AttributeKind.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        AttributeKind.Boolean => _integer != 0 ? "true" : "false",
        _ => _version?.ToString() ?? string.Empty,
    };
}
