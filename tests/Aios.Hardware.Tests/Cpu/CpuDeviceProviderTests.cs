using Aios.Hardware.Cpu;

namespace Aios.Hardware.Tests.Cpu;

public sealed class CpuDeviceProviderTests
{
    private const long GiB = 1024L * 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<ProviderDiscovery> DiscoverAsync(CpuDeviceProvider provider)
    {
        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);
        Assert.True(discovery.Available, discovery.Reason);
        return discovery;
    }

    private static long Integer(Device device, string attribute)
    {
        Assert.True(device.TryGetAttribute(attribute, out DeviceAttribute value), $"{device.Id} lacks {attribute}");
        Assert.True(value.TryGetInteger(out long number));
        return number;
    }

    private static bool Boolean(Device device, string attribute)
    {
        Assert.True(device.TryGetAttribute(attribute, out DeviceAttribute value), $"{device.Id} lacks {attribute}");
        Assert.True(value.TryGetBoolean(out bool flag));
        return flag;
    }

    private static string ProcStat(params (int Cpu, long[] Fields)[] cpus)
    {
        var text = new System.Text.StringBuilder("cpu  99999 0 99999 99999 0 0 0 0 0 0\n");
        foreach ((int cpu, long[] fields) in cpus)
        {
            text.Append($"cpu{cpu} {string.Join(' ', fields)}\n");
        }

        return text.Append("intr 12345 0 0 0\nctxt 987654\nbtime 1700000000\n").ToString();
    }

    [Fact]
    public async Task DiscoverAsync_TwoSocketHost_ReportsOneDevicePerSocketWithItsCoresThreadsAndNodeMemory()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        Assert.Equal(2, discovery.Devices.Count);
        Device socket0 = discovery.Devices[0];
        Device socket1 = discovery.Devices[1];
        Assert.Equal(new DeviceId("cpu", "socket-0"), socket0.Id);
        Assert.Equal(new DeviceId("cpu", "socket-1"), socket1.Id);
        Assert.Equal(DeviceKind.Cpu, socket0.Kind);
        Assert.Equal("GenuineIntel", socket0.Vendor);
        Assert.Equal("Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", socket0.Name);
        Assert.Equal(2, socket0.Capacities[CapacityNames.Cores]);
        Assert.Equal(4, socket0.Capacities[CapacityNames.ComputeUnits]);
        Assert.Equal(16 * GiB, socket0.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(8 * GiB, socket1.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(3_200_000_000, socket0.Capacities[CapacityNames.ClockHz]);
        Assert.Equal([0, 1, 4, 5], socket0.Topology.CpuSet);
        Assert.Equal([2, 3, 6, 7], socket1.Topology.CpuSet);
        Assert.Equal(0, socket0.Topology.Socket);
        Assert.Equal(1, socket1.Topology.Socket);
        Assert.Equal(0, socket0.Topology.NumaNode);
        Assert.Equal(1, socket1.Topology.NumaNode);
    }

    [Fact]
    public async Task DiscoverAsync_TwoSocketHost_ReportsFlagsThreadsPerCoreAndL3()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        foreach (Device device in discovery.Devices)
        {
            Assert.True(Boolean(device, CpuAttributeNames.Avx2));
            Assert.True(Boolean(device, CpuAttributeNames.Avx512F));
            Assert.True(Boolean(device, CpuAttributeNames.Sse42));
            Assert.False(Boolean(device, CpuAttributeNames.AmxTile));
            Assert.Equal(2, Integer(device, CpuAttributeNames.ThreadsPerCore));
            Assert.Equal(48L * 1024 * 1024, Integer(device, CpuAttributeNames.CacheL3Bytes));
            Assert.False(device.TryGetAttribute(CpuAttributeNames.CgroupCpuLimit, out _));
            Assert.False(device.TryGetAttribute(CpuAttributeNames.CgroupMemoryLimitBytes, out _));
        }

        Assert.True(discovery.Devices[1].TryGetAttribute(CpuAttributeNames.NumaNodes, out DeviceAttribute nodes));
        Assert.Equal("1", nodes.ToString());
    }

    [Fact]
    public async Task DiscoverAsync_TwoSocketHost_LinksTheSocketsAcrossSockets()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        DeviceLink link = Assert.Single(discovery.Links);
        Assert.Equal(LinkKind.CrossSocket, link.Kind);
        Assert.Equal(new DeviceId("cpu", "socket-0"), link.First);
        Assert.Equal(new DeviceId("cpu", "socket-1"), link.Second);
    }

    [Fact]
    public async Task DiscoverAsync_CpusetExcludesASocket_ReportsOnlyTheUsableSocket()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost()
            .Write("proc/self/cgroup", "0::/job\n")
            .Write("sys/fs/cgroup/job/cpuset.cpus.effective", "0,4\n");

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        Device device = Assert.Single(discovery.Devices);
        Assert.Equal("socket-0", device.Id.Key);
        Assert.Equal([0, 4], device.Topology.CpuSet);
        Assert.Equal(2, device.Capacities[CapacityNames.ComputeUnits]);
        Assert.Equal(1, device.Capacities[CapacityNames.Cores]);
        Assert.Empty(discovery.Links);
    }

    [Fact]
    public async Task DiscoverAsync_ContainerWithCgroupLimits_ReportsTheMostRestrictiveLimitsAndCapsMemory()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container();

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        Device device = Assert.Single(discovery.Devices);
        Assert.Equal("AuthenticAMD", device.Vendor);
        Assert.Equal("AMD EPYC 7763 64-Core Processor", device.Name);
        Assert.Equal(1500, Integer(device, CpuAttributeNames.CgroupCpuLimit));
        Assert.Equal(3 * GiB, Integer(device, CpuAttributeNames.CgroupMemoryLimitBytes));
        Assert.Equal(3 * GiB, device.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal([0, 1], device.Topology.CpuSet);
        Assert.Equal(2, device.Capacities[CapacityNames.ComputeUnits]);
        Assert.Equal(2, device.Capacities[CapacityNames.Cores]);
        Assert.Equal(2, Integer(device, CpuAttributeNames.ThreadsPerCore));
        Assert.Equal(2_450_000_000, device.Capacities[CapacityNames.ClockHz]);
        Assert.False(Boolean(device, CpuAttributeNames.Avx512F));
        Assert.True(Boolean(device, CpuAttributeNames.Avx2));
        Assert.Null(device.Topology.NumaNode);
        Assert.False(device.TryGetAttribute(CpuAttributeNames.CacheL3Bytes, out _));
    }

    [Fact]
    public async Task DiscoverAsync_SingleSocketWithoutLimits_ReportsMemTotal()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container()
            .Write("proc/self/cgroup", "0::/\n");

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        Device device = Assert.Single(discovery.Devices);
        Assert.Equal(65536000L * 1024, device.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(4, device.Capacities[CapacityNames.ComputeUnits]);
        Assert.False(device.TryGetAttribute(CpuAttributeNames.CgroupCpuLimit, out _));
    }

    [Fact]
    public async Task DiscoverAsync_OnlyCpuinfoWithoutFigures_ReportsTheCpusAndLeavesUnknownCapacitiesOut()
    {
        using var host = new LinuxHostFixture();
        host.Write("proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu sse4_2\n\nprocessor\t: 1\nflags\t\t: fpu sse4_2\n\n");

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        Device device = Assert.Single(discovery.Devices);
        Assert.Equal("socket-0", device.Id.Key);
        Assert.Equal("unknown", device.Vendor);
        Assert.False(string.IsNullOrWhiteSpace(device.Name));
        Assert.Equal([0, 1], device.Topology.CpuSet);
        Assert.Equal(2, device.Capacities[CapacityNames.ComputeUnits]);
        Assert.False(device.TryGetCapacity(CapacityNames.MemoryBytes, out _));
        Assert.False(device.TryGetCapacity(CapacityNames.ClockHz, out _));
        Assert.True(Boolean(device, CpuAttributeNames.Sse42));
        Assert.Null(device.Topology.NumaNode);
    }

    [Fact]
    public async Task DiscoverAsync_MultiSocketWithoutNodeMeminfo_LeavesMemoryOut()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();
        File.Delete(Path.Combine(host.Root, "sys/devices/system/node/node1/meminfo"));

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider(host.Root));

        Assert.Equal(16 * GiB, discovery.Devices[0].Capacities[CapacityNames.MemoryBytes]);
        Assert.False(discovery.Devices[1].TryGetCapacity(CapacityNames.MemoryBytes, out _));
    }

    [Fact]
    public async Task DiscoverAsync_NoProc_IsUnavailableWithTheReason()
    {
        using var host = new LinuxHostFixture();
        host.Write("sys/devices/system/cpu/online", "0-3\n");

        ProviderDiscovery discovery = await new CpuDeviceProvider(host.Root).DiscoverAsync(Token);

        Assert.False(discovery.Available);
        Assert.Empty(discovery.Devices);
        Assert.Contains("cpuinfo", discovery.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiscoverAsync_RootDoesNotExist_IsUnavailable()
    {
        var provider = new CpuDeviceProvider(Path.Combine(Path.GetTempPath(), "aios-missing-" + Guid.NewGuid().ToString("N")));

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.False(discovery.Available);
        Assert.False(string.IsNullOrWhiteSpace(discovery.Reason));
    }

    [Fact]
    public async Task DiscoverAsync_Cancelled_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await new CpuDeviceProvider().DiscoverAsync(cancellation.Token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_BlankRoot_Throws(string root) =>
        Assert.ThrowsAny<ArgumentException>(() => new CpuDeviceProvider(root));

    [Fact]
    public async Task SampleAsync_TwoStatSnapshots_ReportsTheBusyFractionOfTheDevicesCpusOverTheInterval()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();
        long[] boot = [100, 0, 100, 700, 100, 0, 0, 0, 0, 0];
        host.Write("proc/stat", ProcStat((0, boot), (1, boot), (2, boot), (3, boot), (4, boot), (5, boot), (6, boot), (7, boot)));
        var provider = new CpuDeviceProvider(host.Root);
        Device socket0 = (await DiscoverAsync(provider)).Devices[0];

        TelemetrySample first = await provider.SampleAsync(socket0, Start, Token);
        host.Write("proc/stat", ProcStat(
            (0, [160, 0, 120, 800, 120, 0, 0, 0, 0, 0]),
            (1, [110, 0, 100, 890, 100, 0, 0, 0, 0, 0]),
            (2, [1100, 0, 100, 700, 100, 0, 0, 0, 0, 0]),
            (3, boot),
            (4, [100, 0, 100, 900, 100, 0, 0, 0, 0, 0]),
            (5, [200, 50, 100, 700, 100, 10, 10, 30, 40, 0]),
            (6, boot),
            (7, [100, 0, 100, 5000, 100, 0, 0, 0, 0, 0])));
        TelemetrySample second = await provider.SampleAsync(socket0, Start.AddSeconds(2), Token);

        Assert.Equal(0.2, first.Utilization.Value, 12);
        Assert.Equal(290.0 / 800.0, second.Utilization.Value, 12);
    }

    [Fact]
    public async Task SampleAsync_NoTickBetweenSamples_RepeatsTheLastFraction()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container();
        long[] boot = [300, 0, 100, 500, 100, 0, 0, 0, 0, 0];
        host.Write("proc/stat", ProcStat((0, boot), (1, boot), (2, boot), (3, boot)));
        var provider = new CpuDeviceProvider(host.Root);
        Device device = Assert.Single((await DiscoverAsync(provider)).Devices);

        await provider.SampleAsync(device, Start, Token);
        TelemetrySample again = await provider.SampleAsync(device, Start.AddSeconds(1), Token);

        Assert.Equal(0.4, again.Utilization.Value, 12);
    }

    [Fact]
    public async Task SampleAsync_CpuGoesOffline_StartsANewBaseline()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container().Write("proc/self/cgroup", "0::/\n");
        long[] boot = [300, 0, 100, 500, 100, 0, 0, 0, 0, 0];
        host.Write("proc/stat", ProcStat((0, boot), (1, boot), (2, boot), (3, boot)));
        var provider = new CpuDeviceProvider(host.Root);
        Device device = Assert.Single((await DiscoverAsync(provider)).Devices);

        await provider.SampleAsync(device, Start, Token);
        host.Write("proc/stat", ProcStat((0, boot), (1, boot), (2, boot)));
        TelemetrySample offline = await provider.SampleAsync(device, Start.AddSeconds(1), Token);
        host.Write("proc/stat", ProcStat((0, [400, 0, 100, 600, 100, 0, 0, 0, 0, 0]), (1, boot), (2, boot)));
        TelemetrySample after = await provider.SampleAsync(device, Start.AddSeconds(2), Token);

        Assert.Equal(0.4, offline.Utilization.Value, 12);
        Assert.Equal(0.5, after.Utilization.Value, 12);
    }

    [Fact]
    public async Task SampleAsync_TwoSocketHost_ReadsNodeMemoryClockTemperatureAndPower()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();
        var provider = new CpuDeviceProvider(host.Root);
        ProviderDiscovery discovery = await DiscoverAsync(provider);
        Device socket0 = discovery.Devices[0];
        Device socket1 = discovery.Devices[1];

        TelemetrySample first = await provider.SampleAsync(socket0, Start, Token);
        host.Write("sys/class/powercap/intel-rapl:0/energy_uj", "51000000\n");
        TelemetrySample second = await provider.SampleAsync(socket0, Start.AddSeconds(2), Token);
        TelemetrySample other = await provider.SampleAsync(socket1, Start, Token);

        Assert.Equal(TelemetryStatus.NotSupported, first.PowerWatts.Status);
        Assert.Equal(25.0, second.PowerWatts.Value, 12);
        Assert.Equal(12 * GiB, second.MemoryUsedBytes.Value);
        Assert.Equal(4 * GiB, second.MemoryFreeBytes.Value);
        Assert.Equal(7 * GiB, other.MemoryUsedBytes.Value);
        Assert.Equal(1 * GiB, other.MemoryFreeBytes.Value);
        Assert.Equal(2_200_000_000, second.ClockHz.Value, 3);
        Assert.Equal(3_000_000_000, other.ClockHz.Value, 3);
        Assert.Equal(45.0, second.TemperatureCelsius.Value, 12);
        Assert.Equal(51.5, other.TemperatureCelsius.Value, 12);
        Assert.Equal(TelemetryStatus.NotSupported, second.Utilization.Status);
    }

    [Fact]
    public async Task SampleAsync_AmdHwmon_ReadsTctlOfTheSocket()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container()
            .Write("sys/class/hwmon/hwmon2/name", "nvme\n")
            .Write("sys/class/hwmon/hwmon2/temp1_input", "30000\n")
            .Write("sys/class/hwmon/hwmon10/name", "k10temp\n")
            .Write("sys/class/hwmon/hwmon10/temp1_input", "62125\n");
        var provider = new CpuDeviceProvider(host.Root);
        Device device = Assert.Single((await DiscoverAsync(provider)).Devices);

        TelemetrySample sample = await provider.SampleAsync(device, Start, Token);

        Assert.Equal(62.125, sample.TemperatureCelsius.Value, 12);
    }

    [Fact]
    public async Task SampleAsync_PackageThermalZones_ReadsTheZoneOfTheSocket()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();
        Directory.Delete(Path.Combine(host.Root, "sys/class/hwmon"), recursive: true);
        host.Write("sys/class/thermal/thermal_zone0/type", "acpitz\n")
            .Write("sys/class/thermal/thermal_zone0/temp", "27800\n")
            .Write("sys/class/thermal/thermal_zone1/type", "x86_pkg_temp\n")
            .Write("sys/class/thermal/thermal_zone1/temp", "48000\n")
            .Write("sys/class/thermal/thermal_zone2/type", "x86_pkg_temp\n")
            .Write("sys/class/thermal/thermal_zone2/temp", "53000\n");
        var provider = new CpuDeviceProvider(host.Root);
        ProviderDiscovery discovery = await DiscoverAsync(provider);

        TelemetrySample socket1 = await provider.SampleAsync(discovery.Devices[1], Start, Token);

        Assert.Equal(53.0, socket1.TemperatureCelsius.Value, 12);
    }

    [Fact]
    public async Task SampleAsync_EnergyCounterWraps_AddsTheCounterRange()
    {
        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost()
            .Write("sys/class/powercap/intel-rapl:0/energy_uj", "262142328850\n");
        var provider = new CpuDeviceProvider(host.Root);
        Device socket0 = (await DiscoverAsync(provider)).Devices[0];

        await provider.SampleAsync(socket0, Start, Token);
        host.Write("sys/class/powercap/intel-rapl:0/energy_uj", "9000000\n");
        TelemetrySample sample = await provider.SampleAsync(socket0, Start.AddSeconds(1), Token);

        Assert.Equal(10.0, sample.PowerWatts.Value, 12);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task SampleAsync_EnergyNotReadable_ReportsNoPermission()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName == "root")
        {
            Assert.Skip("file modes are not enforced here (not Linux, or running as root)");
        }

        using LinuxHostFixture host = LinuxHostFixture.TwoSocketHost();
        File.SetUnixFileMode(Path.Combine(host.Root, "sys/class/powercap/intel-rapl:0/energy_uj"), UnixFileMode.UserWrite);
        var provider = new CpuDeviceProvider(host.Root);
        Device socket0 = (await DiscoverAsync(provider)).Devices[0];

        TelemetrySample sample = await provider.SampleAsync(socket0, Start, Token);

        Assert.Equal(TelemetryStatus.NoPermission, sample.PowerWatts.Status);
    }

    [Fact]
    public async Task SampleAsync_ContainerWithMemoryLimit_ReportsTheCgroupUsageWithinTheLimit()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container();
        var provider = new CpuDeviceProvider(host.Root);
        Device device = Assert.Single((await DiscoverAsync(provider)).Devices);

        TelemetrySample sample = await provider.SampleAsync(device, Start, Token);

        Assert.Equal(1 * GiB, sample.MemoryUsedBytes.Value);
        Assert.Equal(2 * GiB, sample.MemoryFreeBytes.Value);
        Assert.Equal(TelemetryStatus.NotSupported, sample.ClockHz.Status);
        Assert.Equal(TelemetryStatus.NotSupported, sample.TemperatureCelsius.Status);
        Assert.Equal(TelemetryStatus.NotSupported, sample.PowerWatts.Status);
    }

    [Fact]
    public async Task SampleAsync_SingleSocketWithoutLimits_ReportsMemTotalMinusMemAvailable()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container().Write("proc/self/cgroup", "0::/\n");
        var provider = new CpuDeviceProvider(host.Root);
        Device device = Assert.Single((await DiscoverAsync(provider)).Devices);

        TelemetrySample sample = await provider.SampleAsync(device, Start, Token);

        Assert.Equal((65536000L - 32768000L) * 1024, sample.MemoryUsedBytes.Value);
        Assert.Equal(32768000L * 1024, sample.MemoryFreeBytes.Value);
    }

    [Fact]
    public async Task SampleAsync_NothingReadable_ReportsEveryFieldNotSupported()
    {
        using var host = new LinuxHostFixture();
        host.Write("proc/cpuinfo", "processor\t: 0\n\n");
        var provider = new CpuDeviceProvider(host.Root);
        Device device = Assert.Single((await DiscoverAsync(provider)).Devices);

        TelemetrySample sample = await provider.SampleAsync(device, Start, Token);

        Assert.Equal(device.Id, sample.Device);
        Assert.All(
            new[] { sample.Utilization, sample.MemoryUsedBytes, sample.MemoryFreeBytes, sample.TemperatureCelsius, sample.PowerWatts, sample.ClockHz },
            value => Assert.Equal(TelemetryStatus.NotSupported, value.Status));
    }

    [Fact]
    public async Task SampleAsync_DeviceNotSeenByThisProviderInstance_SamplesFromItsTopology()
    {
        using LinuxHostFixture host = LinuxHostFixture.Container();
        long[] boot = [300, 0, 100, 500, 100, 0, 0, 0, 0, 0];
        host.Write("proc/stat", ProcStat((0, boot), (1, [0, 0, 0, 1000, 0, 0, 0, 0, 0, 0])));
        Device device = Assert.Single((await DiscoverAsync(new CpuDeviceProvider(host.Root))).Devices);

        TelemetrySample sample = await new CpuDeviceProvider(host.Root).SampleAsync(device, Start, Token);

        Assert.Equal(0.2, sample.Utilization.Value, 12);
        Assert.Equal(1 * GiB, sample.MemoryUsedBytes.Value);
    }

    [Fact]
    public async Task SampleAsync_OtherProvidersDevice_ReportsNotSupported()
    {
        var device = new Device { Id = new DeviceId("opencl", "0"), Kind = DeviceKind.Cpu, Vendor = "x", Name = "y", Topology = new DeviceTopology { CpuSet = [0] } };

        TelemetrySample sample = await new CpuDeviceProvider().SampleAsync(device, Start, Token);

        Assert.Equal(TelemetryStatus.NotSupported, sample.Utilization.Status);
    }

    [Fact]
    public async Task DiscoverAsync_RealHost_LogicalCpusMatchTheRuntimesProcessorCount()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the CPU provider reads Linux /proc and /sys");
        }

        ProviderDiscovery discovery = await DiscoverAsync(new CpuDeviceProvider());

        long logical = discovery.Devices.Sum(d => d.Capacities[CapacityNames.ComputeUnits]);
        long? limit = discovery.Devices[0].TryGetAttribute(CpuAttributeNames.CgroupCpuLimit, out DeviceAttribute milli) && milli.TryGetInteger(out long value) ? value : null;

        // The runtime's ProcessorCount is the CPUs the process may run on (its affinity, which the cpuset bounds), lowered
        // to the CPU quota rounded up when a cgroup limit is set; the provider reports the cpuset's CPUs and the quota
        // apart, so either figure may equal it. DOTNET_PROCESSOR_COUNT overrides the runtime and voids the comparison.
        if (Environment.GetEnvironmentVariable("DOTNET_PROCESSOR_COUNT") is not null)
        {
            Assert.Skip("DOTNET_PROCESSOR_COUNT overrides Environment.ProcessorCount");
        }

        long quotaCpus = limit is { } m ? Math.Max(1, (m + 999) / 1000) : long.MaxValue;
        Assert.True(
            logical == Environment.ProcessorCount || Math.Min(logical, quotaCpus) == Environment.ProcessorCount,
            $"discovered {logical} logical CPUs (cgroup limit {limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} milli-CPUs), runtime says {Environment.ProcessorCount}");
    }

    [Fact]
    public async Task SampleAsync_RealHostTwice_ReportsUtilizationAndMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("the CPU provider reads Linux /proc and /sys");
        }

        var provider = new CpuDeviceProvider();
        Device device = (await DiscoverAsync(provider)).Devices[0];

        await provider.SampleAsync(device, Start, Token);
        TelemetrySample sample = await provider.SampleAsync(device, Start.AddSeconds(1), Token);

        Assert.InRange(sample.Utilization.Value, 0, 1);
        Assert.True(sample.Utilization.HasValue);
        Assert.True(sample.MemoryUsedBytes.Value > 0);
        Assert.True(sample.MemoryFreeBytes.HasValue);
    }
}
