namespace Aios.Hardware.Static;

/// <summary>
/// A provider whose devices are declared rather than discovered: from code, or from a JSON definition. It describes
/// hardware that has no driver on this machine (FPGAs, accelerators, remote hosts) and whole simulated clusters.
/// Static devices report no telemetry (every field is <see cref="TelemetryStatus.NotSupported"/>).
/// </summary>
/// <remarks>
/// <para>The JSON definition is an object with up to three properties, all optional:</para>
/// <code language="json">
/// {
///   "devices": [
///     {
///       "id": "fpga0",                          // required: the device id key (the id is static:fpga0), unique
///       "kind": "fpga",                         // required: cpu, gpu, fpga, accelerator or other
///       "vendor": "AMD",                        // optional, default ""
///       "name": "Alveo U250",                   // required
///       "attributes": {                         // qualified name -> typed value
///         "gpu.nvidia.com/computeCapability": { "version": "8.0" },
///         "x/y": { "int": 5 }, "x/s": { "string": "a" }, "x/b": { "bool": true },
///         "x/short": 5                          // bare strings, integers and booleans are shorthand
///       },
///       "capacities": { "memoryBytes": "64Gi", "computeUnits": 108 },  // integers, or strings with Ki Mi Gi Ti Pi k M G T P
///       "topology": { "numaNode": 0, "pciBusId": "0000:3b:00.0", "cpuSet": "0-15,32-47", "socket": 0 },  // cpuSet also as [0, 1, 2]
///       "health": { "status": "degraded", "reason": "ECC errors" },   // or "healthy"; other statuses need a reason
///       "partitions": [ { "id": "fpga0-slot0", "kind": "fpga", "name": "slot 0", "capacities": { "memoryBytes": "16Gi" } } ]
///     }
///   ],
///   "links": [ { "between": ["gpu0", "gpu1"], "kind": "directFabric", "bandwidthBytesPerSecond": 6e11 } ],
///   "cluster": {
///     "nodes": 4, "namePrefix": "node",        // nodes node-00 .. node-03 (at least two digits)
///     "node": {
///       "cores": 64, "memoryBytes": "512Gi",     // a CPU device node-03/cpu, when either is given
///       "cpuName": "EPYC 7763", "cpuVendor": "AMD",
///       "link": "sameHostBridge",                // how devices of one node are joined (the default)
///       "gpus": [ { "model": "a100", "count": 8, "memoryBytes": "80Gi", "computeUnits": 108, "vendor": "NVIDIA",
///                   "name": "NVIDIA A100-SXM4-80GB", "link": "directFabric", "attributes": { } } ],
///       "fpgas": [ ], "accelerators": [ ]        // the same group shape
///     }
///   }
/// }
/// </code>
/// <para>
/// Comments and trailing commas are allowed; unknown and duplicate properties are errors, so typos surface. A cluster
/// expands into devices with stable ids <c>node-03/cpu</c>, <c>node-03/gpu-5</c> (numbered per kind within a node), each
/// with the attributes <see cref="HardwareAttributeNames.Node"/> and (for groups) <see cref="HardwareAttributeNames.Model"/>;
/// devices of one group are linked with the group's <c>link</c>, other devices of one node with the node's <c>link</c>,
/// and devices of different nodes are not linked (<see cref="LinkKind.Unknown"/>). Top-level links may name cluster devices.
/// Any problem throws <see cref="StaticHardwareFormatException"/> naming the JSON path, for example
/// <c>devices[2].kind: 'gpuu' is not one of cpu, gpu, fpga, accelerator, other</c>.
/// </para>
/// <para>The model follows the device classes of Kubernetes Dynamic Resource Allocation (typed, qualified attributes and quantity capacities).</para>
/// </remarks>
public sealed class StaticDeviceProvider : DeviceProvider
{
    /// <summary>The provider name, and the provider part of every static device id.</summary>
    public const string ProviderName = "static";

    /// <summary>Creates a provider that reports the given devices and links.</summary>
    /// <param name="devices">The devices, each with an id whose provider is <see cref="ProviderName"/>; partitions name their parent.</param>
    /// <param name="links">Links between the devices, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentNullException"><paramref name="devices"/> is <see langword="null"/> or holds <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A device id's provider is not <see cref="ProviderName"/>, two devices share an id, a partition
    /// does not name its parent, or a link names a device that is not declared.</exception>
    public StaticDeviceProvider(IEnumerable<Device> devices, IEnumerable<DeviceLink>? links = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        Devices = [.. devices];
        Links = links is null ? [] : [.. links];
        var seen = new HashSet<DeviceId>();
        foreach (Device device in Devices)
        {
            ArgumentNullException.ThrowIfNull(device, nameof(devices));
            if (Validate(device, parent: null, seen) is { } problem)
            {
                throw new ArgumentException(problem, nameof(devices));
            }
        }

        foreach (DeviceLink link in Links)
        {
            if (!seen.Contains(link.First) || !seen.Contains(link.Second))
            {
                throw new ArgumentException($"The link {link.First} - {link.Second} names a device that is not declared.", nameof(links));
            }
        }
    }

    /// <inheritdoc/>
    public override string Name => ProviderName;

    /// <summary>Gets the declared top-level devices (partitions hang under their parents).</summary>
    public IReadOnlyList<Device> Devices { get; }

    /// <summary>Gets the declared links.</summary>
    public IReadOnlyList<DeviceLink> Links { get; }

    /// <summary>Creates a provider from a JSON definition (the schema is in the remarks of <see cref="StaticDeviceProvider"/>).</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="StaticHardwareFormatException">The text is not valid JSON or breaks the schema; the message names the JSON path.</exception>
    public static StaticDeviceProvider FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        (List<Device> devices, List<DeviceLink> links) = StaticHardwareJson.Parse(json, source: null);
        return new StaticDeviceProvider(devices, links);
    }

    /// <summary>Creates a provider from a JSON definition file (the schema is in the remarks of <see cref="StaticDeviceProvider"/>).</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is <see langword="null"/>, empty or white space.</exception>
    /// <exception cref="IOException">The file cannot be read (for example <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="StaticHardwareFormatException">The file is not valid JSON or breaks the schema; the message names the file and the JSON path.</exception>
    public static StaticDeviceProvider FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        (List<Device> devices, List<DeviceLink> links) = StaticHardwareJson.Parse(File.ReadAllText(path), source: path);
        return new StaticDeviceProvider(devices, links);
    }

    /// <summary>Creates one provider from several JSON definition files (for example one per rack): their devices and links together.</summary>
    /// <param name="paths">The files' paths, at least one.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paths"/> is empty or holds a null, empty or white-space path, or two files declare the same device id.</exception>
    /// <exception cref="IOException">A file cannot be read (for example <see cref="FileNotFoundException"/>).</exception>
    /// <exception cref="StaticHardwareFormatException">A file is not valid JSON or breaks the schema; the message names the file and the JSON path.</exception>
    public static StaticDeviceProvider FromFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var devices = new List<Device>();
        var links = new List<DeviceLink>();
        int files = 0;
        foreach (string path in paths)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(path, nameof(paths));
            (List<Device> fileDevices, List<DeviceLink> fileLinks) = StaticHardwareJson.Parse(File.ReadAllText(path), source: path);
            devices.AddRange(fileDevices);
            links.AddRange(fileLinks);
            files++;
        }

        if (files == 0)
        {
            throw new ArgumentException("At least one file is needed.", nameof(paths));
        }

        return new StaticDeviceProvider(devices, links);
    }

    /// <inheritdoc/>
    public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(new ProviderDiscovery { Available = true, Devices = Devices, Links = Links });
    }

    private static string? Validate(Device? device, DeviceId? parent, HashSet<DeviceId> seen)
    {
        if (device is null)
        {
            return $"The partitions of {parent} hold null.";
        }

        if (device.Id.Provider != ProviderName)
        {
            return $"The device {device.Id} must have an id with the provider '{ProviderName}' (new DeviceId(\"{ProviderName}\", key)).";
        }

        if (!seen.Add(device.Id))
        {
            return $"Two devices share the id {device.Id}.";
        }

        if (parent is { } expected && device.Parent != expected)
        {
            return $"The partition {device.Id} must name its parent {expected} in Parent.";
        }

        foreach (Device partition in device.Partitions)
        {
            if (Validate(partition, device.Id, seen) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
