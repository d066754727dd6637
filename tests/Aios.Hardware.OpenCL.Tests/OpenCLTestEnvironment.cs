using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Aios.Hardware.OpenCL.Interop;

namespace Aios.Hardware.OpenCL.Tests;

/// <summary>
/// Prepares PoCL before any OpenCL call of this test process and answers whether OpenCL is usable here.
/// PoCL reads <c>POCL_CACHE_DIR</c> (where it builds kernels) and <c>POCL_MEMORY_LIMIT</c> (GiB; makes the reported
/// global memory stable) from the native environment, which <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// does not change on Unix, so both are set through libc's <c>setenv</c> as well.
/// </summary>
internal static partial class OpenCLTestEnvironment
{
    internal const string MemoryLimitGibibytes = "2";

    private static readonly Lazy<string?> UnavailableReason = new(FindUnavailableReason);

    [ModuleInitializer]
    internal static void Initialize()
    {
        string cache = Path.Combine(Path.GetTempPath(), "aios-pocl-cache");
        Directory.CreateDirectory(cache);
        SetIfUnset("POCL_CACHE_DIR", cache);
        SetIfUnset("POCL_MEMORY_LIMIT", MemoryLimitGibibytes);
    }

    /// <summary>Skips the calling test unless libOpenCL.so.1 loads and at least one platform exists.</summary>
    internal static void RequirePlatform()
    {
        if (UnavailableReason.Value is { } reason)
        {
            Assert.Skip(reason);
        }
    }

    /// <summary>Whether libOpenCL.so.1 loads and reports a platform.</summary>
    internal static bool PlatformExists => UnavailableReason.Value is null;

    /// <summary>Whether libOpenCL.so.1 loads (with or without platforms).</summary>
    internal static bool LibraryLoads => OpenCLLibrary.TryLoad(OpenCLLibrary.DefaultName, out _);

    /// <summary>Runs <c>clinfo --raw</c> and returns, per device in order, its <c>CL_DEVICE_*</c> and <c>CL_DRIVER_VERSION</c> facts.</summary>
    internal static List<Dictionary<string, string>> ClinfoDevices()
    {
        var start = new ProcessStartInfo("clinfo", "--raw") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("clinfo did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("clinfo is not installed here (apt-get install clinfo); the exact facts cannot be cross-checked");
            throw;
        }

        using (process)
        {
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var devices = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
            var order = new List<Dictionary<string, string>>();
            foreach (string line in output.Split('\n'))
            {
                Match match = RawLine().Match(line);
                if (!match.Success || !(match.Groups["key"].Value.StartsWith("CL_DEVICE_", StringComparison.Ordinal) || match.Groups["key"].Value == "CL_DRIVER_VERSION"))
                {
                    continue;
                }

                string device = match.Groups["device"].Value;
                if (!devices.TryGetValue(device, out Dictionary<string, string>? facts))
                {
                    facts = new Dictionary<string, string>(StringComparer.Ordinal);
                    devices[device] = facts;
                    order.Add(facts);
                }

                facts.TryAdd(match.Groups["key"].Value, match.Groups["value"].Value.Trim());
            }

            return order;
        }
    }

    [GeneratedRegex(@"^\[(?<device>[^\]]+)\]\s+(?<key>CL_[A-Z0-9_]+)\s+(?<value>.*)$")]
    private static partial Regex RawLine();

    private static string? FindUnavailableReason()
    {
        if (!OpenCLLibrary.TryLoad(OpenCLLibrary.DefaultName, out string? reason))
        {
            return "OpenCL is not installed here: " + reason;
        }

        return OpenCLQuery.GetPlatforms().Length == 0
            ? "libOpenCL.so.1 loads but no OpenCL platform is installed (apt-get install pocl-opencl-icd)"
            : null;
    }

    private static void SetIfUnset(string name, string value)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        {
            return;
        }

        Environment.SetEnvironmentVariable(name, value);
        _ = NativeSetEnvironment(name, value, 1);
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeSetEnvironment(string name, string value, int overwrite);
}
