namespace Aios.Hardware;

/// <summary>The type of a <see cref="DeviceAttribute"/> value: the four types of Kubernetes DRA device attributes.</summary>
#pragma warning disable CA1720 // The members name the attribute types of the DRA model on purpose.
public enum AttributeKind
{
    /// <summary>Text, compared ordinally.</summary>
    String,

    /// <summary>A 64-bit integer.</summary>
    Integer,

    /// <summary>A flag.</summary>
    Boolean,

    /// <summary>A version (major.minor[.build[.revision]]), compared component by component.</summary>
    Version,
}
#pragma warning restore CA1720
