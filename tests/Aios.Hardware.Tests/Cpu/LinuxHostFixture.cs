namespace Aios.Hardware.Tests.Cpu;

/// <summary>A folder laid out like a Linux host's /proc and /sys, deleted on dispose.</summary>
internal sealed class LinuxHostFixture : IDisposable
{
    public LinuxHostFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "aios-cpu-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public LinuxHostFixture Write(string relativePath, string content)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>One /proc/cpuinfo block in the x86 layout.</summary>
    public static string CpuInfoBlock(int processor, string vendor, string model, int physicalId, int coreId, string flags, string mhz) =>
        $"""
        processor	: {processor}
        vendor_id	: {vendor}
        cpu family	: 6
        model name	: {model}
        cpu MHz		: {mhz}
        physical id	: {physicalId}
        core id		: {coreId}
        flags		: {flags}


        """;

    /// <summary>
    /// (a) Two sockets, two NUMA nodes, SMT: socket 0 has cores 0 and 1 as CPUs 0,1 (first threads) and 4,5 (siblings),
    /// socket 1 the same as CPUs 2,3 and 6,7. Node 0 has 16 GiB, node 1 8 GiB; L3 48 MiB; Intel coretemp and RAPL.
    /// </summary>
    public static LinuxHostFixture TwoSocketHost()
    {
        var host = new LinuxHostFixture();
        int[] socketOf = [0, 0, 1, 1, 0, 0, 1, 1];
        int[] coreOf = [0, 1, 0, 1, 0, 1, 0, 1];
        var cpuinfo = new System.Text.StringBuilder();
        for (int cpu = 0; cpu < 8; cpu++)
        {
            cpuinfo.Append(CpuInfoBlock(cpu, "GenuineIntel", "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz", socketOf[cpu], coreOf[cpu], "fpu sse4_1 sse4_2 avx avx2 avx512f avx512bw", "2000.000"));
            string topology = $"sys/devices/system/cpu/cpu{cpu}/topology/";
            host.Write(topology + "physical_package_id", $"{socketOf[cpu]}\n")
                .Write(topology + "core_id", $"{coreOf[cpu]}\n")
                .Write($"sys/devices/system/cpu/cpu{cpu}/cpufreq/cpuinfo_max_freq", "3200000\n")
                .Write($"sys/devices/system/cpu/cpu{cpu}/cpufreq/scaling_cur_freq", $"{2000000 + (400000 * (cpu % 4))}\n");
        }

        foreach (int first in new[] { 0, 2 })
        {
            host.Write($"sys/devices/system/cpu/cpu{first}/cache/index0/level", "1\n")
                .Write($"sys/devices/system/cpu/cpu{first}/cache/index0/size", "48K\n")
                .Write($"sys/devices/system/cpu/cpu{first}/cache/index3/level", "3\n")
                .Write($"sys/devices/system/cpu/cpu{first}/cache/index3/size", "49152K\n");
        }

        return host.Write("proc/cpuinfo", cpuinfo.ToString())
            .Write("sys/devices/system/cpu/online", "0-7\n")
            .Write("sys/devices/system/node/node0/cpulist", "0-1,4-5\n")
            .Write("sys/devices/system/node/node1/cpulist", "2-3,6-7\n")
            .Write("sys/devices/system/node/node0/meminfo", "Node 0 MemTotal:       16777216 kB\nNode 0 MemFree:         4194304 kB\nNode 0 MemUsed:        12582912 kB\n")
            .Write("sys/devices/system/node/node1/meminfo", "Node 1 MemTotal:        8388608 kB\nNode 1 MemFree:         1048576 kB\nNode 1 MemUsed:         7340032 kB\n")
            .Write("proc/meminfo", "MemTotal:       25165824 kB\nMemFree:         5242880 kB\nMemAvailable:   10485760 kB\n")
            .Write("proc/self/cgroup", "0::/\n")
            .Write("sys/class/hwmon/hwmon0/name", "coretemp\n")
            .Write("sys/class/hwmon/hwmon0/temp1_label", "Package id 0\n")
            .Write("sys/class/hwmon/hwmon0/temp1_input", "45000\n")
            .Write("sys/class/hwmon/hwmon0/temp2_label", "Core 0\n")
            .Write("sys/class/hwmon/hwmon0/temp2_input", "40000\n")
            .Write("sys/class/hwmon/hwmon1/name", "coretemp\n")
            .Write("sys/class/hwmon/hwmon1/temp1_label", "Package id 1\n")
            .Write("sys/class/hwmon/hwmon1/temp1_input", "51500\n")
            .Write("sys/class/powercap/intel-rapl:0/name", "package-0\n")
            .Write("sys/class/powercap/intel-rapl:0/energy_uj", "1000000\n")
            .Write("sys/class/powercap/intel-rapl:0/max_energy_range_uj", "262143328850\n")
            .Write("sys/class/powercap/intel-rapl:0:0/name", "core\n")
            .Write("sys/class/powercap/intel-rapl:0:0/energy_uj", "5\n")
            .Write("sys/class/powercap/intel-rapl:1/name", "package-1\n")
            .Write("sys/class/powercap/intel-rapl:1/energy_uj", "7000000\n")
            .Write("sys/class/powercap/intel-rapl:1/max_energy_range_uj", "262143328850\n");
    }

    /// <summary>
    /// (b) A single-socket container: 4 CPUs (cores 0 and 1, SMT siblings 2 and 3) without cpufreq or NUMA folders,
    /// in cgroup /kubepods.slice/pod1/ctr with cpu.max 150000/100000 at the leaf (3 CPUs at the pod), memory.max 3 GiB
    /// at kubepods.slice (4 GiB at the leaf) and cpuset.cpus.effective 0-1 at the leaf (0-3 above).
    /// </summary>
    public static LinuxHostFixture Container()
    {
        var host = new LinuxHostFixture();
        int[] coreOf = [0, 1, 0, 1];
        var cpuinfo = new System.Text.StringBuilder();
        for (int cpu = 0; cpu < 4; cpu++)
        {
            cpuinfo.Append(CpuInfoBlock(cpu, "AuthenticAMD", "AMD EPYC 7763 64-Core Processor", 0, coreOf[cpu], "fpu sse4_1 sse4_2 avx avx2", "2450.000"));
            host.Write($"sys/devices/system/cpu/cpu{cpu}/topology/physical_package_id", "0\n")
                .Write($"sys/devices/system/cpu/cpu{cpu}/topology/core_id", $"{coreOf[cpu]}\n");
        }

        const string Cgroup = "sys/fs/cgroup/";
        return host.Write("proc/cpuinfo", cpuinfo.ToString())
            .Write("sys/devices/system/cpu/online", "0-3\n")
            .Write("proc/meminfo", "MemTotal:       65536000 kB\nMemFree:        16384000 kB\nMemAvailable:   32768000 kB\n")
            .Write("proc/self/cgroup", "0::/kubepods.slice/pod1/ctr\n")
            .Write(Cgroup + "cpu.max", "max 100000\n")
            .Write(Cgroup + "kubepods.slice/cpu.max", "max 100000\n")
            .Write(Cgroup + "kubepods.slice/memory.max", "3221225472\n")
            .Write(Cgroup + "kubepods.slice/memory.current", "1073741824\n")
            .Write(Cgroup + "kubepods.slice/cpuset.cpus.effective", "0-3\n")
            .Write(Cgroup + "kubepods.slice/pod1/cpu.max", "300000 100000\n")
            .Write(Cgroup + "kubepods.slice/pod1/memory.max", "max\n")
            .Write(Cgroup + "kubepods.slice/pod1/ctr/cpu.max", "150000 100000\n")
            .Write(Cgroup + "kubepods.slice/pod1/ctr/memory.max", "4294967296\n")
            .Write(Cgroup + "kubepods.slice/pod1/ctr/memory.current", "536870912\n")
            .Write(Cgroup + "kubepods.slice/pod1/ctr/cpuset.cpus.effective", "0-1\n");
    }
}
