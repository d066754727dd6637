using System.Runtime.InteropServices;

namespace Aios.Hardware.Cuda.Tests;

public sealed class CudaDeviceProviderTests
{
    private const long GiB = 1024L * 1024L * 1024L;
    private const string FirstA100 = "GPU-6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d3e";
    private const string SecondA100 = "GPU-1c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f";
    private const string A30 = "GPU-a30a30a3-0a30-4a30-8a30-a30a30a30a30";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DiscoverAsync_NormalScenario_ListsEveryGpuWithNameUuidAndMemory()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.True(discovery.Available, discovery.Reason);
        Assert.Equal([$"cuda:{FirstA100}", $"cuda:{SecondA100}", $"cuda:{A30}"], discovery.Devices.Select(d => d.Id.ToString()));
        Assert.Equal(["NVIDIA A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB", "NVIDIA A30"], discovery.Devices.Select(d => d.Name));
        Assert.Equal([80 * GiB, 80 * GiB, 24 * GiB], discovery.Devices.Select(d => d.Capacities[CapacityNames.MemoryBytes]));
        Assert.All(discovery.Devices, d => Assert.Equal(DeviceKind.Gpu, d.Kind));
        Assert.All(discovery.Devices, d => Assert.Equal("NVIDIA", d.Vendor));
        Assert.All(discovery.Devices, d => Assert.Equal(HealthStatus.Healthy, d.Health.Status));
        Assert.All(discovery.Devices, d => Assert.Empty(d.Partitions));
    }

    [Fact]
    public async Task DiscoverAsync_NormalScenario_JoinsCudaDevicesByUuidNotByIndex()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.Equal([108L, 108L, 56L], discovery.Devices.Select(d => d.Capacities[CapacityNames.ComputeUnits]));
        Assert.Equal([108L, 108L, 56L], discovery.Devices.Select(d => Integer(d, NvidiaAttributeNames.MultiprocessorCount)));
        Assert.All(discovery.Devices, d => Assert.Equal(new Version(8, 0), VersionOf(d, NvidiaAttributeNames.ComputeCapability)));
    }

    [Fact]
    public async Task DiscoverAsync_NormalScenario_SetsQualifiedAttributesAndClock()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Device first = discovery.Devices[0];
        Assert.Equal("NVIDIA A100-SXM4-80GB", Text(first, NvidiaAttributeNames.ProductName));
        Assert.Equal(FirstA100, Text(first, NvidiaAttributeNames.Uuid));
        Assert.Equal(new Version(550, 54, 15), VersionOf(first, NvidiaAttributeNames.DriverVersion));
        Assert.True(first.Attributes[NvidiaAttributeNames.MigEnabled].TryGetBoolean(out bool migEnabled));
        Assert.False(migEnabled);
        Assert.False(discovery.Devices[2].TryGetAttribute(NvidiaAttributeNames.MigEnabled, out _), "the A30's NVML says MIG is not supported");
        Assert.Equal([1_410_000_000L, 1_410_000_000L, 1_440_000_000L], discovery.Devices.Select(d => d.Capacities[CapacityNames.ClockHz]));
    }

    [Fact]
    public async Task DiscoverAsync_NormalScenario_ReportsPciBusIdAndNumaNode()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.Equal(["0000:07:00.0", "0000:0f:00.0", "0000:87:00.0"], discovery.Devices.Select(d => d.Topology.PciBusId));
        Assert.All(discovery.Devices, d => Assert.Equal(0, d.Topology.NumaNode));
    }

    [Fact]
    public async Task DiscoverAsync_NormalScenario_LinksNvLinkPeersByFabricAndTheRestByHostBridge()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);
        DeviceInventory inventory = new(discovery.Devices, [new ProviderStatus("cuda", true)], discovery.Links);

        Assert.Equal(3, discovery.Links.Count);
        Assert.Equal(LinkKind.DirectFabric, inventory.GetLink(Id(FirstA100), Id(SecondA100)));
        Assert.Equal(LinkKind.SameHostBridge, inventory.GetLink(Id(FirstA100), Id(A30)));
        Assert.Equal(LinkKind.SameHostBridge, inventory.GetLink(Id(A30), Id(SecondA100)));
    }

    [Fact]
    public async Task DiscoverAsync_NormalScenario_GivesNvLinkBandwidthFromLinkCountAndVersion()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        DeviceLink fabric = Assert.Single(discovery.Links, link => link.Kind == LinkKind.DirectFabric);
        Assert.Equal(12 * 25e9, fabric.BandwidthBytesPerSecond);
        Assert.All(discovery.Links.Where(link => link.Kind != LinkKind.DirectFabric), link => Assert.Null(link.BandwidthBytesPerSecond));
    }

    [Fact]
    public async Task DiscoverAsync_MigScenario_ListsInstancesAsPartitionsInsideTheGpu()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Mig).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Device gpu = Assert.Single(discovery.Devices);
        Assert.True(gpu.Attributes[NvidiaAttributeNames.MigEnabled].TryGetBoolean(out bool migEnabled) && migEnabled);
        Assert.Equal(["cuda:MIG-0a0a0a0a-3333-4333-8333-000000000003", "cuda:MIG-0b0b0b0b-2222-4222-8222-000000000002"], gpu.Partitions.Select(p => p.Id.ToString()));
        Assert.Equal(["NVIDIA A100-SXM4-80GB MIG 3g.40gb", "NVIDIA A100-SXM4-80GB MIG 2g.20gb"], gpu.Partitions.Select(p => p.Name));
        Assert.All(gpu.Partitions, p => Assert.Equal(gpu.Id, p.Parent));
        Assert.Equal([40192L * 1024 * 1024, 19968L * 1024 * 1024], gpu.Partitions.Select(p => p.Capacities[CapacityNames.MemoryBytes]));
        Assert.Equal([42L, 28L], gpu.Partitions.Select(p => p.Capacities[CapacityNames.ComputeUnits]));
        Assert.Equal([3L, 2L], gpu.Partitions.Select(p => p.Capacities[CapacityNames.Slices]));
        Assert.True(gpu.Partitions.Sum(p => p.Capacities[CapacityNames.MemoryBytes]) <= gpu.Capacities[CapacityNames.MemoryBytes]);
        Assert.All(gpu.Partitions, p => Assert.Equal(new Version(8, 0), VersionOf(p, NvidiaAttributeNames.ComputeCapability)));
        Assert.Equal(new Version(8, 0), VersionOf(gpu, NvidiaAttributeNames.ComputeCapability));
        Assert.Equal("MIG-0b0b0b0b-2222-4222-8222-000000000002", Text(gpu.Partitions[1], NvidiaAttributeNames.Uuid));
    }

    [Fact]
    public async Task DiscoverAsync_NumaNodeIdMissingFromNvml_ReadsNumaNodeAndCpusFromSysfs()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.NotSupported).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Device t4 = Assert.Single(discovery.Devices);
        Assert.Equal("0000:3b:00.0", t4.Topology.PciBusId);
        Assert.Equal(1, t4.Topology.NumaNode);
        Assert.Equal([4, 5, 6, 9], t4.Topology.CpuSet);
        Assert.Equal(new Version(7, 5), VersionOf(t4, NvidiaAttributeNames.ComputeCapability));
        Assert.Equal(15L * GiB, t4.Capacities[CapacityNames.MemoryBytes]);
    }

    [Fact]
    public async Task DiscoverAsync_DriverNotLoaded_IsUnavailableWithTheReason()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.DriverNotLoaded).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.False(discovery.Available);
        Assert.Equal("NVML_ERROR_DRIVER_NOT_LOADED: the NVIDIA kernel driver is not loaded (nvmlInit_v2)", discovery.Reason);
        Assert.Empty(discovery.Devices);
    }

    [Fact]
    public async Task DiscoverAsync_LibraryMissing_IsUnavailableWithTheReason()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"aios-no-such-{Guid.NewGuid():N}", "libnvidia-ml.so.1");
        using var provider = new CudaDeviceProvider(missing, "libcuda.so.1", "/sys");

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.False(discovery.Available);
        Assert.Equal("libnvidia-ml.so.1 not found: no NVIDIA driver installed", discovery.Reason);
    }

    [Fact]
    public async Task DiscoverAsync_LibraryFileNotLoadable_IsUnavailableWithTheReason()
    {
        string directory = Directory.CreateTempSubdirectory("aios-cuda-bad-").FullName;
        string notALibrary = Path.Combine(directory, "libnvidia-ml.so.1");
        await File.WriteAllTextAsync(notALibrary, "not an ELF file", Token);
        using var provider = new CudaDeviceProvider(notALibrary, "libcuda.so.1", "/sys");

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Directory.Delete(directory, recursive: true);
        Assert.False(discovery.Available);
        Assert.StartsWith($"libnvidia-ml.so.1 could not be loaded from {notALibrary}", discovery.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleAsync_LibraryMissing_ThrowsNvmlExceptionForLibraryNotFound()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"aios-no-such-{Guid.NewGuid():N}", "libnvidia-ml.so.1");
        using var provider = new CudaDeviceProvider(missing, "libcuda.so.1", "/sys");
        var device = new Device { Id = Id(FirstA100), Kind = DeviceKind.Gpu, Vendor = "NVIDIA", Name = "x" };

        NvmlException exception = await Assert.ThrowsAsync<NvmlException>(() => provider.SampleAsync(device, Now, Token).AsTask());

        Assert.Equal("NVML_ERROR_LIBRARY_NOT_FOUND", exception.ReturnCodeName);
    }

    [Fact]
    public async Task DiscoverAsync_CudaLibraryMissing_ListsGpusWithoutComputeCapability()
    {
        FakeScenario fake = FakeDriver.Get(FakeDriver.Normal);
        using var provider = new CudaDeviceProvider(fake.NvmlPath, Path.Combine(fake.SysfsRoot, "libcuda.so.1"), fake.SysfsRoot);

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.Equal(3, discovery.Devices.Count);
        Assert.All(discovery.Devices, d => Assert.False(d.TryGetAttribute(NvidiaAttributeNames.ComputeCapability, out _)));
        Assert.All(discovery.Devices, d => Assert.False(d.TryGetCapacity(CapacityNames.ComputeUnits, out _)));
    }

    [Fact]
    public async Task DiscoverAsync_LostGpu_StaysListedAsUnavailableWithTheReason()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Lost).CreateProvider();

        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        Assert.True(discovery.Available);
        Assert.Equal(2, discovery.Devices.Count);
        Assert.Equal(HealthStatus.Healthy, discovery.Devices[0].Health.Status);
        Device lost = discovery.Devices[1];
        Assert.Equal("cuda:GPU-99999999-8888-4777-8666-555555555555", lost.Id.ToString());
        Assert.Equal("NVIDIA H100 80GB HBM3", lost.Name);
        Assert.Equal(HealthStatus.Unavailable, lost.Health.Status);
        Assert.Contains("NVML_ERROR_GPU_IS_LOST", lost.Health.Reason, StringComparison.Ordinal);
        Assert.False(lost.TryGetCapacity(CapacityNames.MemoryBytes, out _));
        Assert.Empty(discovery.Links);
    }

    [Fact]
    public async Task SampleAsync_NormalScenario_ReadsEveryField()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();
        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        TelemetrySample sample = await provider.SampleAsync(discovery.Devices[1], Now, Token);

        Assert.Equal(discovery.Devices[1].Id, sample.Device);
        Assert.Equal(Now, sample.Timestamp);
        Assert.Equal(TelemetryValue.Of(0.42), sample.Utilization);
        Assert.Equal(TelemetryValue.Of(GiB), sample.MemoryUsedBytes);
        Assert.Equal(TelemetryValue.Of(79 * GiB), sample.MemoryFreeBytes);
        Assert.Equal(TelemetryValue.Of(31), sample.TemperatureCelsius);
        Assert.Equal(TelemetryValue.Of(66), sample.PowerWatts);
        Assert.Equal(TelemetryValue.Of(1_110_000_000), sample.ClockHz);
    }

    [Fact]
    public async Task SampleAsync_UnsupportedAndForbiddenFields_ReportTheirStatus()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.NotSupported).CreateProvider();
        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        TelemetrySample sample = await provider.SampleAsync(discovery.Devices[0], Now, Token);

        Assert.Equal(TelemetryStatus.NoPermission, sample.Utilization.Status);
        Assert.Equal(TelemetryStatus.NotSupported, sample.TemperatureCelsius.Status);
        Assert.Equal(TelemetryStatus.NotSupported, sample.PowerWatts.Status);
        Assert.Equal(TelemetryStatus.Error, sample.ClockHz.Status);
        Assert.Equal("nvmlDeviceGetClockInfo failed with NVML_ERROR_UNKNOWN (999)", sample.ClockHz.Message);
        Assert.Equal(TelemetryValue.Of(GiB), sample.MemoryUsedBytes);
    }

    [Fact]
    public async Task SampleAsync_LostGpu_ReportsErrorsNamingGpuIsLost()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Lost).CreateProvider();
        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);

        TelemetrySample sample = await provider.SampleAsync(discovery.Devices[1], Now, Token);

        Assert.All([sample.Utilization, sample.MemoryUsedBytes, sample.MemoryFreeBytes, sample.TemperatureCelsius, sample.PowerWatts, sample.ClockHz], value =>
        {
            Assert.Equal(TelemetryStatus.Error, value.Status);
            Assert.Contains("NVML_ERROR_GPU_IS_LOST (15)", value.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task SampleAsync_MigPartition_ReadsItsMemoryAndMarksTheRestNotSupported()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Mig).CreateProvider();
        ProviderDiscovery discovery = await provider.DiscoverAsync(Token);
        Device partition = discovery.Devices[0].Partitions[1];

        TelemetrySample sample = await provider.SampleAsync(partition, Now, Token);

        Assert.Equal(TelemetryValue.Of(19968.0 * 1024 * 1024), sample.MemoryFreeBytes);
        Assert.Equal(TelemetryValue.Of(0), sample.MemoryUsedBytes);
        Assert.Equal(TelemetryStatus.NotSupported, sample.Utilization.Status);
        Assert.Equal(TelemetryStatus.NotSupported, sample.PowerWatts.Status);
    }

    [Fact]
    public async Task SampleAsync_BeforeDiscovery_FindsTheDeviceByUuid()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();
        var device = new Device { Id = Id(A30), Kind = DeviceKind.Gpu, Vendor = "NVIDIA", Name = "NVIDIA A30" };

        TelemetrySample sample = await provider.SampleAsync(device, Now, Token);

        Assert.Equal(TelemetryValue.Of(32), sample.TemperatureCelsius);
    }

    [Fact]
    public async Task SampleAsync_UnknownUuid_ReportsNotFoundOnEveryField()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();
        var device = new Device { Id = Id("GPU-00000000-dead-4bad-8bad-000000000000"), Kind = DeviceKind.Gpu, Vendor = "NVIDIA", Name = "gone" };

        TelemetrySample sample = await provider.SampleAsync(device, Now, Token);

        Assert.Equal(TelemetryStatus.Error, sample.Utilization.Status);
        Assert.Equal("nvmlDeviceGetHandleByUUID failed with NVML_ERROR_NOT_FOUND (6)", sample.ClockHz.Message);
    }

    [Fact]
    public async Task SampleAsync_DeviceOfAnotherProvider_Throws()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();
        var device = new Device { Id = new DeviceId("opencl", "0"), Kind = DeviceKind.Gpu, Vendor = "NVIDIA", Name = "other" };

        await Assert.ThrowsAsync<ArgumentException>(() => provider.SampleAsync(device, Now, Token).AsTask());
    }

    [Fact]
    public async Task SampleAsync_DriverNotLoaded_ThrowsNvmlExceptionNamingTheFunctionAndCode()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.DriverNotLoaded).CreateProvider();
        var device = new Device { Id = Id(FirstA100), Kind = DeviceKind.Gpu, Vendor = "NVIDIA", Name = "x" };

        NvmlException exception = await Assert.ThrowsAsync<NvmlException>(() => provider.SampleAsync(device, Now, Token).AsTask());

        Assert.Equal("nvmlInit_v2", exception.Function);
        Assert.Equal(9, exception.ReturnCode);
        Assert.Equal("NVML_ERROR_DRIVER_NOT_LOADED", exception.ReturnCodeName);
    }

    [Fact]
    public async Task Dispose_AfterDiscovery_ShutsNvmlDownOnceAndRefusesLaterCalls()
    {
        FakeScenario fake = FakeDriver.Get(FakeDriver.Normal, copy: "dispose");
        var provider = fake.CreateProvider();
        _ = await provider.DiscoverAsync(Token);
        _ = await provider.DiscoverAsync(Token);
        int initializedWhileInUse = InitCount(fake);

        provider.Dispose();
        provider.Dispose();

        Assert.Equal(1, initializedWhileInUse);
        Assert.Equal(0, InitCount(fake));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => provider.DiscoverAsync(Token).AsTask());
    }

    [Fact]
    public async Task DiscoverAsync_Cancelled_Throws()
    {
        using CudaDeviceProvider provider = FakeDriver.Get(FakeDriver.Normal).CreateProvider();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.DiscoverAsync(new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public void Name_Always_IsCuda()
    {
        using var provider = new CudaDeviceProvider();

        Assert.Equal("cuda", provider.Name);
    }

    private static unsafe int InitCount(FakeScenario fake)
    {
        nint library = NativeLibrary.Load(fake.NvmlPath);
        var count = (delegate* unmanaged<int>)NativeLibrary.GetExport(library, "fake_nvml_init_count");
        return count();
    }

    private static DeviceId Id(string uuid) => new("cuda", uuid);

    private static string? Text(Device device, string name) => device.Attributes[name].TryGetString(out string? value) ? value : null;

    private static long? Integer(Device device, string name) => device.Attributes[name].TryGetInteger(out long value) ? value : null;

    private static Version? VersionOf(Device device, string name) => device.Attributes[name].TryGetVersion(out Version? value) ? value : null;
}
