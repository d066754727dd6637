using System.Globalization;
using System.Text.Json.Nodes;
using Aios.Hardware;

namespace Aios.Cli.Devices;

/// <summary>
/// The <c>aios devices --json</c> contract: <c>{ "devices": [...], "providers": [...] }</c>. A device has <c>id</c>,
/// <c>provider</c>, <c>kind</c>, <c>vendor</c>, <c>name</c>, <c>capacities</c>, <c>attributes</c>, <c>health</c> (and
/// <c>healthReason</c>, <c>parent</c>, <c>numaNode</c>, <c>pciBusId</c> where known); a provider has <c>name</c>,
/// <c>available</c>, <c>reason</c>. Partitions are listed as devices with their <c>parent</c>. Also the text forms of the
/// <c>aios devices</c> commands: the device table, the rows of <c>watch</c>, the figures of <c>profile</c>.
/// </summary>
internal static class DevicesOutput
{
    /// <summary>Writes the inventory as the table, or as the JSON contract with <paramref name="json"/>.</summary>
    public static void Write(TextWriter output, DeviceInventory inventory, bool json)
    {
        if (json)
        {
            output.WriteLine(Serialize(ToJson(inventory)));
        }
        else
        {
            WriteTable(output, inventory);
        }
    }

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
            output.WriteLine(Invariant($"  {id,-40}  {KindName(device.Kind),-11}  {memory,10}  {units,5}  {device.Name}{health}"));
        }

        output.WriteLine();
        foreach (ProviderStatus provider in inventory.Providers)
        {
            output.WriteLine(provider.Available
                ? $"  provider {provider.Name}: available{(provider.Reason is null ? string.Empty : $" ({provider.Reason})")}"
                : $"  provider {provider.Name}: unavailable: {provider.Reason}");
        }
    }

    /// <summary>
    /// Writes one row of <c>aios devices watch</c>, after the round's header when the row starts a round (on a terminal,
    /// the table is redrawn in place: cursor home, clear the screen).
    /// </summary>
    public static void WriteWatchRow(TextWriter output, DeviceWatchRow row, bool terminal)
    {
        TelemetrySample sample = row.Sample;
        if (row.StartsRound)
        {
            if (terminal)
            {
                output.Write("\u001b[H\u001b[2J");
            }

            output.WriteLine($"{sample.Timestamp:HH:mm:ss.fff}  device                                    util    mem used     mem free    temp   power    clock");
        }

        output.WriteLine(Invariant($"              {row.Label,-40}  {Format(sample.Utilization, v => (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%"),6}  {Format(sample.MemoryUsedBytes, v => FormatBytes((long)v)),10}  {Format(sample.MemoryFreeBytes, v => FormatBytes((long)v)),11}  {Format(sample.TemperatureCelsius, v => v.ToString("F0", CultureInfo.InvariantCulture) + "C"),5}  {Format(sample.PowerWatts, v => v.ToString("F0", CultureInfo.InvariantCulture) + "W"),6}  {Format(sample.ClockHz, v => (v / 1e6).ToString("F0", CultureInfo.InvariantCulture) + "MHz"),8}"));
        output.Flush();
    }

    /// <summary>Writes the figures of <c>aios devices profile</c>: a block per device, or <c>{"profiles": [...]}</c> with <paramref name="json"/>.</summary>
    public static void WriteProfiles(TextWriter output, IReadOnlyList<DeviceProfileResult> profiles, bool json)
    {
        if (!json)
        {
            foreach ((Device device, Aios.Hardware.OpenCL.DeviceProfile profile) in profiles)
            {
                output.WriteLine(Invariant($"  {device.Id}  {device.Name}"));
                output.WriteLine(Invariant($"    memory bandwidth  {profile.BandwidthGigabytesPerSecond,8:F2} GB/s (triad)"));
                output.WriteLine(Invariant($"    FP32 throughput   {profile.Fp32Gflops,8:F2} GFLOP/s (fused multiply-add)"));
            }

            return;
        }

        var array = new JsonArray();
        foreach ((Device device, Aios.Hardware.OpenCL.DeviceProfile profile) in profiles)
        {
            array.Add(new JsonObject
            {
                ["id"] = device.Id.ToString(),
                ["name"] = device.Name,
                ["bandwidthBytesPerSecond"] = profile.BandwidthBytesPerSecond,
                ["fp32FlopsPerSecond"] = profile.Fp32FlopsPerSecond,
            });
        }

        output.WriteLine(new JsonObject { ["profiles"] = array }.ToJsonString());
    }

    public static JsonObject ToJson(DeviceInventory inventory)
    {
        var devices = new JsonArray();
        foreach (Device device in inventory.AllDevices)
        {
            devices.Add(ToJson(device));
        }

        var providers = new JsonArray();
        foreach (ProviderStatus provider in inventory.Providers)
        {
            providers.Add(new JsonObject
            {
                ["name"] = provider.Name,
                ["available"] = provider.Available,
                ["reason"] = provider.Reason,
            });
        }

        return new JsonObject { ["devices"] = devices, ["providers"] = providers };
    }

    public static JsonObject ToJson(Device device)
    {
        var capacities = new JsonObject();
        foreach ((string name, long value) in device.Capacities.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            capacities[name] = value;
        }

        var attributes = new JsonObject();
        foreach ((string name, DeviceAttribute value) in device.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            attributes[name] = value.Kind switch
            {
                AttributeKind.Integer when value.TryGetInteger(out long number) => JsonValue.Create(number),
                AttributeKind.Boolean when value.TryGetBoolean(out bool flag) => JsonValue.Create(flag),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        var json = new JsonObject
        {
            ["id"] = device.Id.ToString(),
            ["provider"] = device.Id.Provider,
            ["kind"] = KindName(device.Kind),
            ["vendor"] = device.Vendor,
            ["name"] = device.Name,
            ["capacities"] = capacities,
            ["attributes"] = attributes,
            ["health"] = device.Health.Status.ToString().ToLowerInvariant(),
        };
        if (device.Health.Reason is { } reason)
        {
            json["healthReason"] = reason;
        }

        if (device.Parent is { } parent)
        {
            json["parent"] = parent.ToString();
        }

        if (device.Topology.NumaNode is { } numa)
        {
            json["numaNode"] = numa;
        }

        if (device.Topology.PciBusId is { } pci)
        {
            json["pciBusId"] = pci;
        }

        return json;
    }

    public static string KindName(DeviceKind kind) => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Gpu => "gpu",
        DeviceKind.Fpga => "fpga",
        DeviceKind.Accelerator => "accelerator",
        _ => "other",
    };

    public static string Serialize(JsonNode node) => node.ToJsonString();

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

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
