using System.Text.Json.Nodes;
using Aios.Hardware;

namespace Aios.Cli.Devices;

/// <summary>
/// The <c>aios devices --json</c> contract: <c>{ "devices": [...], "providers": [...] }</c>. A device has <c>id</c>,
/// <c>provider</c>, <c>kind</c>, <c>vendor</c>, <c>name</c>, <c>capacities</c>, <c>attributes</c>, <c>health</c> (and
/// <c>healthReason</c>, <c>parent</c>, <c>numaNode</c>, <c>pciBusId</c> where known); a provider has <c>name</c>,
/// <c>available</c>, <c>reason</c>. Partitions are listed as devices with their <c>parent</c>.
/// </summary>
internal static class DevicesOutput
{
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
}
