using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace Aios.Hardware.Cuda.Tests;

/// <summary>
/// Builds the fake <c>libnvidia-ml.so.1</c> and <c>libcuda.so.1</c> from Native/*.c with gcc, one copy per scenario
/// (and per <c>copy</c> name, for tests that must not share the library's global state) in its own folder, so tests
/// of different scenarios run in parallel in one process. Skips the calling test when gcc or the sources are absent.
/// </summary>
internal static class FakeDriver
{
    public const string Normal = "NORMAL";
    public const string Mig = "MIG";
    public const string NotSupported = "NOTSUPPORTED";
    public const string DriverNotLoaded = "DRIVER_NOT_LOADED";
    public const string Lost = "LOST";

    private static readonly string Root = Path.Combine(Path.GetTempPath(), $"aios-cuda-fakes-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private static readonly ConcurrentDictionary<string, Lazy<FakeScenario>> Built = new(StringComparer.Ordinal);

    static FakeDriver()
    {
        // Loaded libraries stay mapped after their files are removed, so the folder can go when the process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                if (Directory.Exists(Root))
                {
                    Directory.Delete(Root, recursive: true);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
    }

    public static FakeScenario Get(string scenario, string copy = "shared")
    {
        Lazy<FakeScenario> lazy = Built.GetOrAdd($"{scenario}-{copy}", key => new Lazy<FakeScenario>(() => Build(scenario, Path.Combine(Root, key))));
        return lazy.Value;
    }

    private static FakeScenario Build(string scenario, string directory)
    {
        string sources = FindSources();
        Directory.CreateDirectory(directory);
        string nvml = Path.Combine(directory, "libnvidia-ml.so.1");
        string cuda = Path.Combine(directory, "libcuda.so.1");
        Compile(Path.Combine(sources, "fake_nvml.c"), scenario, nvml);
        Compile(Path.Combine(sources, "fake_cuda.c"), scenario, cuda);

        string sysfs = Path.Combine(directory, "sys");
        string pciDevice = Path.Combine(sysfs, "bus", "pci", "devices", "0000:3b:00.0");
        Directory.CreateDirectory(pciDevice);
        File.WriteAllText(Path.Combine(pciDevice, "numa_node"), "1\n");
        File.WriteAllText(Path.Combine(pciDevice, "local_cpulist"), "4-6,9\n");
        return new FakeScenario(nvml, cuda, sysfs);
    }

    private static string FindSources()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "tests", "Aios.Hardware.Cuda.Tests", "Native");
            if (File.Exists(Path.Combine(candidate, "fake_nvml.c")))
            {
                return candidate;
            }
        }

        Assert.Skip("the fake NVML/CUDA sources (tests/Aios.Hardware.Cuda.Tests/Native) are not above the test binaries");
        return string.Empty;
    }

    private static void Compile(string source, string scenario, string output)
    {
        var start = new ProcessStartInfo("gcc")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["-shared", "-fPIC", "-O1", $"-DSCENARIO=SCENARIO_{scenario}", "-o", output, source])
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("gcc did not start");
        }
        catch (Win32Exception)
        {
            Assert.Skip("gcc is not installed: the fake NVML/CUDA libraries cannot be built");
            return;
        }

        using (process)
        {
            string errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"gcc failed on {source} for {scenario}: {errors}");
            }
        }
    }
}

/// <summary>One built scenario: the fake libraries' paths and a fake sysfs root.</summary>
internal sealed record FakeScenario(string NvmlPath, string CudaPath, string SysfsRoot)
{
    public CudaDeviceProvider CreateProvider() => new(NvmlPath, CudaPath, SysfsRoot);
}
