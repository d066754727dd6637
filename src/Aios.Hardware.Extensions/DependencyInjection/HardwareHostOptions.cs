namespace Aios.Hardware.DependencyInjection;

/// <summary>
/// Which providers <c>services.AddAiosHardware</c> adds to the catalog before the code's own configuration runs.
/// Registered as options (<c>IOptions&lt;HardwareHostOptions&gt;</c>), so <c>services.Configure</c> and configuration
/// binding (the property names are the keys; <c>StaticFiles</c> is an array) change it, and <c>ValidateOnStart</c>
/// reports every invalid property at once.
/// </summary>
/// <remarks>Every property has a documented default. The catalog reads the options once, when it is first resolved.</remarks>
public sealed class HardwareHostOptions
{
    /// <summary>Gets or sets whether the Linux CPU provider (<c>AddCpu()</c>) is added. Default false.</summary>
    public bool Cpu { get; set; }

    /// <summary>Gets the static inventory files (<c>AddStaticFile(path)</c>) to add, in order; each must exist. Default none.</summary>
    public IList<string> StaticFiles { get; } = new List<string>();
}
