using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Aios.Hardware;
using Aios.Hardware.Cuda;
using Aios.Hardware.OpenCL;

namespace Aios.Cli.Devices;

/// <summary><c>aios devices</c>: the devices of this machine from every provider; <c>watch</c> and <c>profile</c>.</summary>
internal static class DevicesCommands
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Write the devices and providers as JSON." };
        var command = new Command("devices", "Every device from all providers (CPU, OpenCL, CUDA), and each unavailable provider with its reason.") { json };
        command.SetAction(async (result, cancellationToken) =>
        {
            DeviceInventory inventory = await DiscoverAsync(cancellationToken).ConfigureAwait(false);
            if (result.GetValue(json))
            {
                console.Out.WriteLine(DevicesOutput.Serialize(DevicesOutput.ToJson(inventory)));
            }
            else
            {
                WriteTable(console.Out, inventory);
            }

            return 0;
        });
        command.Subcommands.Add(Watch(console));
        command.Subcommands.Add(Profile(console));
        return command;
    }

    /// <summary>Discovers with every built-in provider.</summary>
    public static ValueTask<DeviceInventory> DiscoverAsync(CancellationToken cancellationToken) =>
        CreateCatalog().DiscoverAsync(cancellationToken);

    public static HardwareCatalog CreateCatalog() => new HardwareBuilder().AddCpu().AddOpenCL().AddCuda().Build();

    public static void WriteTable(TextWriter output, DeviceInventory inventory)
    {
        output.WriteLine("  id                                        kind         memory      units  name");
        Device[] devices = [.. inventory.AllDevices];
        string[] labels = DeviceLabels.Shorten([.. devices.Select(d => d.Id.ToString())], 38);
        for (int i = 0; i < devices.Length; i++)
        {
            Device device = devices[i];
            string memory = device.TryGetCapacity(CapacityNames.MemoryBytes, out long bytes) ? FormatBytes(bytes) : "-";
            string units = device.TryGetCapacity(CapacityNames.ComputeUnits, out long count) ? count.ToString(CultureInfo.InvariantCulture) : "-";
            string health = device.Health.Status == HealthStatus.Healthy ? string.Empty : $"  [{device.Health.Status.ToString().ToLowerInvariant()}: {device.Health.Reason}]";
            string id = device.Parent is null ? labels[i] : "  " + labels[i];
            output.WriteLine(Invariant($"  {id,-40}  {DevicesOutput.KindName(device.Kind),-11}  {memory,10}  {units,5}  {device.Name}{health}"));
        }

        output.WriteLine();
        foreach (ProviderStatus provider in inventory.Providers)
        {
            output.WriteLine(provider.Available
                ? $"  provider {provider.Name}: available{(provider.Reason is null ? string.Empty : $" ({provider.Reason})")}"
                : $"  provider {provider.Name}: unavailable: {provider.Reason}");
        }
    }

    private static Command Watch(CliConsole console)
    {
        var interval = new Option<string>("--interval") { Description = "Time between samples, e.g. 500ms, 1s, 2m.", DefaultValueFactory = _ => "1s" };
        var count = new Option<int?>("--count") { Description = "Stop after this many rounds (default: until Ctrl+C)." };
        var command = new Command("watch", "A live table of device telemetry until Ctrl+C.") { interval, count };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TryParseInterval(result.GetValue(interval)!, out TimeSpan period))
            {
                return console.Fail($"--interval must be a positive duration such as 500ms, 1s or 2m (got '{result.GetValue(interval)}')");
            }

            int? rounds = result.GetValue(count);
            if (rounds is <= 0)
            {
                return console.Fail("--count must be at least 1");
            }

            HardwareCatalog catalog = CreateCatalog();
            DeviceInventory inventory = await catalog.DiscoverAsync(cancellationToken).ConfigureAwait(false);
            int devices = inventory.AllDevices.Count();
            if (devices == 0)
            {
                return console.Fail("no devices to watch");
            }

            Dictionary<DeviceId, string> labels = Labels(inventory);
            int seen = 0;
            try
            {
                await foreach (TelemetrySample sample in catalog.WatchAsync(inventory, period, cancellationToken).ConfigureAwait(false))
                {
                    if (seen % devices == 0)
                    {
                        if (console.IsTerminal)
                        {
                            // Redraw the table in place: cursor home, clear the screen.
                            console.Out.Write("\u001b[H\u001b[2J");
                        }

                        console.Out.WriteLine($"{sample.Timestamp:HH:mm:ss.fff}  device                                    util    mem used     mem free    temp   power    clock");
                    }

                    console.Out.WriteLine(Invariant($"              {labels.GetValueOrDefault(sample.Device, sample.Device.ToString()),-40}  {Format(sample.Utilization, v => (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%"),6}  {Format(sample.MemoryUsedBytes, v => FormatBytes((long)v)),10}  {Format(sample.MemoryFreeBytes, v => FormatBytes((long)v)),11}  {Format(sample.TemperatureCelsius, v => v.ToString("F0", CultureInfo.InvariantCulture) + "C"),5}  {Format(sample.PowerWatts, v => v.ToString("F0", CultureInfo.InvariantCulture) + "W"),6}  {Format(sample.ClockHz, v => (v / 1e6).ToString("F0", CultureInfo.InvariantCulture) + "MHz"),8}"));
                    seen++;
                    console.Out.Flush();
                    if (rounds is { } limit && seen >= limit * devices)
                    {
                        break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends the watch normally.
            }

            return 0;
        });
        return command;
    }

    private static Command Profile(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Write the figures as JSON." };
        var command = new Command("profile", "Run the OpenCL profiler (memory bandwidth, FP32 throughput) on each OpenCL device.") { json };
        command.SetAction(async (result, cancellationToken) =>
        {
            DeviceInventory inventory = await new HardwareBuilder().AddOpenCL().Build().DiscoverAsync(cancellationToken).ConfigureAwait(false);
            ProviderStatus status = inventory.Providers[0];
            if (!status.Available)
            {
                return console.Fail($"OpenCL unavailable: {status.Reason}");
            }

            if (inventory.Devices.Count == 0)
            {
                return console.Fail($"no OpenCL devices{(status.Reason is null ? string.Empty : $": {status.Reason}")}");
            }

            var profiler = new OpenCLProfiler();
            var profiles = new JsonArray();
            foreach (Device device in inventory.Devices)
            {
                DeviceProfile profile = profiler.Profile(device, cancellationToken);
                if (result.GetValue(json))
                {
                    profiles.Add(new JsonObject
                    {
                        ["id"] = device.Id.ToString(),
                        ["name"] = device.Name,
                        ["bandwidthBytesPerSecond"] = profile.BandwidthBytesPerSecond,
                        ["fp32FlopsPerSecond"] = profile.Fp32FlopsPerSecond,
                    });
                }
                else
                {
                    console.Out.WriteLine(Invariant($"  {device.Id}  {device.Name}"));
                    console.Out.WriteLine(Invariant($"    memory bandwidth  {profile.BandwidthGigabytesPerSecond,8:F2} GB/s (triad)"));
                    console.Out.WriteLine(Invariant($"    FP32 throughput   {profile.Fp32Gflops,8:F2} GFLOP/s (fused multiply-add)"));
                }
            }

            if (result.GetValue(json))
            {
                console.Out.WriteLine(new JsonObject { ["profiles"] = profiles }.ToJsonString());
            }

            return 0;
        });
        return command;
    }

    internal static bool TryParseInterval(string text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        (string number, double scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1e-3)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || double.IsInfinity(value * scale) || value * scale > 86_400)
        {
            return false;
        }

        interval = TimeSpan.FromSeconds(value * scale);
        return interval > TimeSpan.Zero;
    }

    private static string Format(TelemetryValue value, Func<double, string> format) => value.Status switch
    {
        TelemetryStatus.Value => format(value.Value),
        TelemetryStatus.NotSupported => "n/a",
        TelemetryStatus.NoPermission => "denied",
        _ => "error",
    };

    private static string FormatBytes(long bytes) => bytes >= 1L << 30
        ? Invariant($"{bytes / (double)(1L << 30):F1} GiB")
        : Invariant($"{bytes / (double)(1L << 20):F0} MiB");

    private static Dictionary<DeviceId, string> Labels(DeviceInventory inventory)
    {
        Device[] devices = [.. inventory.AllDevices];
        string[] labels = DeviceLabels.Shorten([.. devices.Select(d => d.Id.ToString())], 40);
        var byId = new Dictionary<DeviceId, string>();
        for (int i = 0; i < devices.Length; i++)
        {
            byId[devices[i].Id] = labels[i];
        }

        return byId;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
