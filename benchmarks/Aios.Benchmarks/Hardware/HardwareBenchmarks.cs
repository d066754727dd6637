using Aios.Hardware;
using Aios.Hardware.Cpu;
using Aios.Hardware.Cuda;
using Aios.Hardware.OpenCL;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Hardware;

/// <summary>
/// Full discovery with every built-in provider (target: no slower than <c>clinfo</c> listing the same OpenCL devices)
/// and one telemetry sample of the host CPU (target ≤ 1 ms, allocation-light).
/// </summary>
[MemoryDiagnoser]
public class HardwareBenchmarks
{
    private HardwareCatalog _catalog = null!;
    private CpuDeviceProvider _cpu = null!;
    private Device _cpuDevice = null!;

    [GlobalSetup]
    public void Setup()
    {
        Environment.SetEnvironmentVariable("POCL_CACHE_DIR", Path.Combine(Path.GetTempPath(), "aios-bench-pocl"));
        _catalog = new HardwareBuilder().AddCpu().AddOpenCL().AddCuda().Build();
        _cpu = new CpuDeviceProvider();
        _cpuDevice = _cpu.DiscoverAsync().AsTask().GetAwaiter().GetResult().Devices[0];
    }

    [Benchmark]
    public int FullDiscoveryCpuOpenCLCuda() => _catalog.DiscoverAsync().AsTask().GetAwaiter().GetResult().AllDevices.Count();

    [Benchmark]
    public int CpuDiscovery() => _cpu.DiscoverAsync().AsTask().GetAwaiter().GetResult().Devices.Count;

    [Benchmark]
    public double CpuTelemetrySample() => _cpu.SampleAsync(_cpuDevice, DateTimeOffset.UnixEpoch).AsTask().GetAwaiter().GetResult().Utilization.Value;
}
