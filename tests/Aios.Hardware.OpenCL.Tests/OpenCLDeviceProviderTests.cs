using System.Globalization;

namespace Aios.Hardware.OpenCL.Tests;

public sealed class OpenCLDeviceProviderTests
{
    private const string PoclPlatform = "Portable Computing Language";

    [Fact]
    public async Task DiscoverAsync_MissingLibrary_IsUnavailableWithTheInstallHint()
    {
        var provider = new OpenCLDeviceProvider("libOpenCL-aios-missing.so.1");

        ProviderDiscovery discovery = await provider.DiscoverAsync(TestContext.Current.CancellationToken);

        Assert.False(discovery.Available);
        Assert.Empty(discovery.Devices);
        Assert.Equal("libOpenCL-aios-missing.so.1 not found: install an OpenCL ICD loader (e.g. ocl-icd-libopencl1) and a driver (e.g. pocl-opencl-icd)", discovery.Reason);
    }

    [Fact]
    public async Task DiscoverAsync_CancelledToken_Throws()
    {
        var provider = new OpenCLDeviceProvider();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await provider.DiscoverAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Name_IsOpencl()
    {
        Assert.Equal("opencl", new OpenCLDeviceProvider().Name);
    }

    [Fact]
    public async Task DiscoverAsync_PoclCpuDevice_MatchesClinfoExactly()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await FindPoclCpuAsync();
        Dictionary<string, string> facts = Assert.Single(OpenCLTestEnvironment.ClinfoDevices(), d => d.GetValueOrDefault("CL_DEVICE_NAME") == device.Name);

        Assert.Equal(DeviceKind.Cpu, device.Kind);
        Assert.Equal("CL_DEVICE_TYPE_CPU", facts["CL_DEVICE_TYPE"]);
        Assert.Equal(facts["CL_DEVICE_VENDOR"], device.Vendor);
        Assert.Equal(long.Parse(facts["CL_DEVICE_MAX_COMPUTE_UNITS"], CultureInfo.InvariantCulture), device.Capacities[CapacityNames.ComputeUnits]);
        Assert.Equal(long.Parse(facts["CL_DEVICE_GLOBAL_MEM_SIZE"], CultureInfo.InvariantCulture), device.Capacities[CapacityNames.MemoryBytes]);
        Assert.Equal(long.Parse(facts["CL_DEVICE_MAX_CLOCK_FREQUENCY"], CultureInfo.InvariantCulture) * 1_000_000, device.Capacities[CapacityNames.ClockHz]);
        Assert.Equal(Convert.ToInt64(facts["CL_DEVICE_VENDOR_ID"], 16), Integer(device, OpenCLAttributeNames.VendorId));
        Assert.Equal(long.Parse(facts["CL_DEVICE_MAX_WORK_GROUP_SIZE"], CultureInfo.InvariantCulture), Integer(device, OpenCLAttributeNames.MaxWorkGroupSize));
        Assert.Equal(long.Parse(facts["CL_DEVICE_LOCAL_MEM_SIZE"], CultureInfo.InvariantCulture), Integer(device, OpenCLAttributeNames.LocalMemoryBytes));
        Assert.Equal(facts["CL_DRIVER_VERSION"], device.Attributes[OpenCLAttributeNames.DriverVersion].ToString());
        Assert.StartsWith($"OpenCL {device.Attributes[OpenCLAttributeNames.Version]} ", facts["CL_DEVICE_VERSION"], StringComparison.Ordinal);
        Assert.StartsWith($"OpenCL C {device.Attributes[OpenCLAttributeNames.OpenCLCVersion]} ", facts["CL_DEVICE_OPENCL_C_VERSION"] + " ", StringComparison.Ordinal);
        Assert.Equal(PoclPlatform, device.Attributes[OpenCLAttributeNames.Platform].ToString());
        string[] extensions = facts["CL_DEVICE_EXTENSIONS"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            extensions.Order(StringComparer.Ordinal),
            device.Attributes.Keys.Where(k => k.StartsWith(OpenCLAttributeNames.ExtensionPrefix, StringComparison.Ordinal)).Select(k => k[OpenCLAttributeNames.ExtensionPrefix.Length..]).Order(StringComparer.Ordinal));
        Assert.Equal(extensions.Contains("cl_khr_fp64"), Boolean(device, OpenCLAttributeNames.DoubleFp));
        Assert.Equal(DeviceHealth.Healthy, device.Health);
    }

    [Fact]
    public async Task DiscoverAsync_PoclCpuDevice_MemoryFollowsPoclMemoryLimit()
    {
        OpenCLTestEnvironment.RequirePlatform();
        if (Environment.GetEnvironmentVariable("POCL_MEMORY_LIMIT") != OpenCLTestEnvironment.MemoryLimitGibibytes)
        {
            Assert.Skip("POCL_MEMORY_LIMIT was set outside the tests; the 2 GiB figure does not apply");
        }

        Device device = await FindPoclCpuAsync();

        long memory = device.Capacities[CapacityNames.MemoryBytes];
        Assert.True(memory <= 2L * 1024 * 1024 * 1024, $"PoCL reports {memory} bytes despite POCL_MEMORY_LIMIT=2");
        Assert.True(memory > 0);
    }

    [Fact]
    public async Task DiscoverAsync_PoclCpuDevice_KeyIsPlatformNameOrdinal()
    {
        OpenCLTestEnvironment.RequirePlatform();

        Device device = await FindPoclCpuAsync();

        Assert.Equal(new DeviceId("opencl", $"{PoclPlatform}/{device.Name}/0"), device.Id);
        Assert.Null(device.Topology.PciBusId);
    }

    [Fact]
    public async Task DiscoverAsync_PoclCpuDevice_IsSplitEquallyIntoHalves()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await FindPoclCpuAsync();
        Dictionary<string, string> facts = Assert.Single(OpenCLTestEnvironment.ClinfoDevices(), d => d.GetValueOrDefault("CL_DEVICE_NAME") == device.Name);
        long units = device.Capacities[CapacityNames.ComputeUnits];
        if (units < 2 || !facts.GetValueOrDefault("CL_DEVICE_PARTITION_PROPERTIES", string.Empty).Contains("CL_DEVICE_PARTITION_EQUALLY", StringComparison.Ordinal))
        {
            Assert.Empty(device.Partitions);
            return;
        }

        long expectedCount = Math.Min(units / (units / 2), long.Parse(facts["CL_DEVICE_PARTITION_MAX_SUB_DEVICES"], CultureInfo.InvariantCulture));
        Assert.Equal(expectedCount, device.Partitions.Count);
        for (int index = 0; index < device.Partitions.Count; index++)
        {
            Device partition = device.Partitions[index];
            Assert.Equal(device.Id, partition.Parent);
            Assert.Equal(new DeviceId("opencl", $"{device.Id.Key}/sub{index}"), partition.Id);
            Assert.Equal(units / 2, partition.Capacities[CapacityNames.ComputeUnits]);
            Assert.Equal(DeviceKind.Cpu, partition.Kind);
            Assert.Equal("equally", partition.Attributes[OpenCLAttributeNames.PartitionType].ToString());
            Assert.Empty(partition.Partitions);
        }
    }

    [Fact]
    public async Task SampleAsync_PoclCpuDevice_ReportsNotSupported()
    {
        OpenCLTestEnvironment.RequirePlatform();
        Device device = await FindPoclCpuAsync();
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        TelemetrySample sample = await new OpenCLDeviceProvider().SampleAsync(device, now, TestContext.Current.CancellationToken);

        Assert.Equal(TelemetrySample.NotSupported(device.Id, now), sample);
    }

    internal static async Task<Device> FindPoclCpuAsync()
    {
        ProviderDiscovery discovery = await new OpenCLDeviceProvider().DiscoverAsync(TestContext.Current.CancellationToken);
        Assert.True(discovery.Available, discovery.Reason);
        Device? device = discovery.Devices.FirstOrDefault(d => d.Kind == DeviceKind.Cpu && d.Attributes[OpenCLAttributeNames.Platform].ToString() == PoclPlatform);
        if (device is null)
        {
            Assert.Skip($"no PoCL CPU device here (apt-get install pocl-opencl-icd); found: {string.Join(", ", discovery.Devices)}");
        }

        return device;
    }

    private static long Integer(Device device, string name)
    {
        Assert.True(device.Attributes[name].TryGetInteger(out long value), $"{name} is not an integer");
        return value;
    }

    private static bool Boolean(Device device, string name)
    {
        Assert.True(device.Attributes[name].TryGetBoolean(out bool value), $"{name} is not a boolean");
        return value;
    }
}
