namespace Aios.Hardware.Cpu;

/// <summary>
/// The qualified attribute names (<c>cpu.aios.dev/…</c>) the CPU provider reports on each socket device, in the
/// manner of Kubernetes Dynamic Resource Allocation device attributes.
/// </summary>
public static class CpuAttributeNames
{
    /// <summary>The attribute domain.</summary>
    public const string Domain = "cpu.aios.dev";

    /// <summary>Boolean: the package supports AVX2 (the <c>avx2</c> flag of <c>/proc/cpuinfo</c>).</summary>
    public const string Avx2 = "cpu.aios.dev/flags.avx2";

    /// <summary>Boolean: the package supports AVX-512 Foundation (<c>avx512f</c>).</summary>
    public const string Avx512F = "cpu.aios.dev/flags.avx512f";

    /// <summary>Boolean: the package has AMX tiles (<c>amx_tile</c>).</summary>
    public const string AmxTile = "cpu.aios.dev/flags.amx_tile";

    /// <summary>Boolean: the package supports SSE4.2 (<c>sse4_2</c>).</summary>
    public const string Sse42 = "cpu.aios.dev/flags.sse4_2";

    /// <summary>Integer: hardware threads per physical core (2 with SMT/Hyper-Threading on, 1 without).</summary>
    public const string ThreadsPerCore = "cpu.aios.dev/threadsPerCore";

    /// <summary>Integer: the size of the level-3 cache seen by the package's first CPU, bytes.</summary>
    public const string CacheL3Bytes = "cpu.aios.dev/cacheL3Bytes";

    /// <summary>String: the NUMA nodes whose CPUs lie in the package, in the kernel's list form (<c>0</c>, <c>0-1</c>).</summary>
    public const string NumaNodes = "cpu.aios.dev/numaNodes";

    /// <summary>Integer: the process's cgroup v2 CPU bandwidth limit in milli-CPUs (<c>cpu.max</c> "150000 100000" is 1500).</summary>
    public const string CgroupCpuLimit = "cpu.aios.dev/cgroupCpuLimit";

    /// <summary>Integer: the process's cgroup v2 memory limit in bytes (<c>memory.max</c>).</summary>
    public const string CgroupMemoryLimitBytes = "cpu.aios.dev/cgroupMemoryLimitBytes";
}
