using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Aios.Hardware.Cpu;

/// <summary>
/// The CPUs of a Linux host, one <see cref="DeviceKind.Cpu"/> device per physical package (socket), read from
/// <c>/proc</c> and <c>/sys</c> in managed code only. The identity key is <c>socket-N</c>, N being the kernel's
/// <c>physical_package_id</c>: stable across reboots and across CPUs going on- or offline.
/// </summary>
/// <remarks>
/// <para>
/// Capacities: <see cref="CapacityNames.Cores"/> (distinct <c>core_id</c>s), <see cref="CapacityNames.ComputeUnits"/>
/// (logical CPUs), <see cref="CapacityNames.MemoryBytes"/> (the package's NUMA nodes on a multi-socket host, else
/// <c>MemTotal</c>, capped by the cgroup memory limit) and <see cref="CapacityNames.ClockHz"/>
/// (<c>cpuinfo_max_freq</c>, else the <c>cpu MHz</c> of <c>/proc/cpuinfo</c>). Attributes are named in
/// <see cref="CpuAttributeNames"/>. The topology carries the socket, its first NUMA node and its logical CPUs.
/// </para>
/// <para>
/// Effective limits come from cgroup v2 (Documentation/admin-guide/cgroup-v2.rst): the most restrictive
/// <c>cpu.max</c> and <c>memory.max</c> from the process's cgroup up to the root, and <c>cpuset.cpus.effective</c>,
/// which removes the CPUs the process may not use (a package left with none is not reported). The CPU quota does not
/// shrink <see cref="CapacityNames.ComputeUnits"/>; it is reported as <see cref="CpuAttributeNames.CgroupCpuLimit"/>.
/// </para>
/// <para>
/// Telemetry: utilisation over the interval since the previous sample of the same device (the first covers the time
/// since boot), memory, the mean current clock, the package temperature (hwmon or thermal zone) and package power
/// from RAPL (from the second sample on). A missing file makes its field <see cref="TelemetryStatus.NotSupported"/>.
/// </para>
/// </remarks>
public sealed class CpuDeviceProvider : DeviceProvider
{
    private readonly bool _isHost;
    private readonly ConcurrentDictionary<DeviceId, CpuSampler> _samplers = new();

    /// <summary>Creates the provider.</summary>
    /// <param name="root">
    /// The file-system root under which <c>proc/</c> and <c>sys/</c> are read; null for the real host (<c>/</c>). Tests
    /// point it at a folder laid out like a host. A root other than the host's is read on any operating system.
    /// </param>
    /// <exception cref="ArgumentException"><paramref name="root"/> is empty or white space.</exception>
    public CpuDeviceProvider(string? root = null)
    {
        if (root is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(root);
        }

        _isHost = root is null;
        Root = root ?? "/";
    }

    /// <summary>The file-system root the provider reads (<c>/</c> for the host).</summary>
    public string Root { get; }

    /// <summary>The provider name, <c>cpu</c>.</summary>
    public override string Name => "cpu";

    /// <summary>Reads the sockets of the host (or of the fixture under <see cref="Root"/>).</summary>
    /// <param name="cancellationToken">Cancels the discovery.</param>
    /// <returns>
    /// One device per socket the process may use, with <see cref="LinkKind.CrossSocket"/> links between sockets; or an
    /// unavailable result when this is not Linux or <c>/proc/cpuinfo</c> cannot be read.
    /// </returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public override ValueTask<ProviderDiscovery> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_isHost && !OperatingSystem.IsLinux())
        {
            return ValueTask.FromResult(ProviderDiscovery.Unavailable(
                $"the CPU provider reads Linux /proc and /sys; this host runs {RuntimeInformation.OSDescription}"));
        }

        (IReadOnlyList<LinuxCpuDiscovery.Socket> sockets, string? unavailable) = LinuxCpuDiscovery.Discover(Root, Name);
        if (unavailable is not null)
        {
            return ValueTask.FromResult(ProviderDiscovery.Unavailable(unavailable));
        }

        var devices = new List<Device>(sockets.Count);
        var links = new List<DeviceLink>();
        foreach (LinuxCpuDiscovery.Socket socket in sockets)
        {
            Device device = socket.Device;
            _samplers[device.Id] = new CpuSampler(
                Root, device.Topology.CpuSet, device.Topology.Socket ?? 0, sockets.Count, socket.NumaNodes, socket.UsesNodeMemory, socket.Limits);
            foreach (Device other in devices)
            {
                links.Add(new DeviceLink(other.Id, device.Id, LinkKind.CrossSocket));
            }

            devices.Add(device);
        }

        return ValueTask.FromResult(new ProviderDiscovery { Available = true, Devices = devices, Links = links });
    }

    /// <summary>Reads one telemetry sample of a socket device.</summary>
    /// <param name="device">A device this provider reported (another provider's device gets an all-unsupported sample).</param>
    /// <param name="timestamp">The time to stamp the sample with; power is energy over the time between two stamps.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sample; fields without a source carry <see cref="TelemetryStatus.NotSupported"/> or <see cref="TelemetryStatus.NoPermission"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="device"/> is null.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public override ValueTask<TelemetrySample> SampleAsync(Device device, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        cancellationToken.ThrowIfCancellationRequested();
        if (device.Id.Provider != Name || device.Topology.CpuSet.Count == 0 || (_isHost && !OperatingSystem.IsLinux()))
        {
            return ValueTask.FromResult(TelemetrySample.NotSupported(device.Id, timestamp));
        }

        CpuSampler sampler = _samplers.GetOrAdd(
            device.Id,
            static (_, state) => new CpuSampler(
                state.Root,
                state.Device.Topology.CpuSet,
                state.Device.Topology.Socket ?? 0,
                socketCount: 1,
                nodes: [],
                useNodeMemory: false,
                CgroupLimits.Read(state.Root)),
            (Root, Device: device));
        return ValueTask.FromResult(sampler.Sample(device.Id, timestamp));
    }

    /// <summary>The identity key of socket <paramref name="socket"/>: <c>socket-N</c>.</summary>
    internal static string SocketKey(int socket) => "socket-" + socket.ToString(CultureInfo.InvariantCulture);
}
