using System.Globalization;
using System.Text.Json;
using Aios.Hardware.Cpu;

namespace Aios.Hardware.Static;

/// <summary>
/// Reads the static hardware JSON schema (documented on <see cref="StaticDeviceProvider"/>) with <see cref="JsonDocument"/>,
/// so no reflection-based serialization is involved (trimming- and AOT-safe). Every problem becomes a
/// <see cref="StaticHardwareFormatException"/> that names the JSON path.
/// </summary>
internal static class StaticHardwareJson
{
    private const string Root = "$";

    private static readonly System.Buffers.SearchValues<char> PathSpecialCharacters = System.Buffers.SearchValues.Create(".[]/' ");

    private static readonly string[] TopLevelProperties = ["devices", "links", "cluster"];
    private static readonly string[] DeviceProperties = ["id", "kind", "vendor", "name", "attributes", "capacities", "topology", "partitions", "health"];
    private static readonly string[] TopologyProperties = ["numaNode", "pciBusId", "cpuSet", "socket"];
    private static readonly string[] HealthProperties = ["status", "reason"];
    private static readonly string[] LinkProperties = ["between", "kind", "bandwidthBytesPerSecond"];
    private static readonly string[] AttributeValueProperties = ["string", "int", "bool", "version"];
    private static readonly string[] ClusterProperties = ["nodes", "namePrefix", "group", "node"];
    private static readonly string[] NodeProperties = ["cores", "memoryBytes", "cpuName", "cpuVendor", "link", "gpus", "fpgas", "accelerators"];
    private static readonly string[] GroupProperties = ["model", "count", "name", "vendor", "memoryBytes", "computeUnits", "link", "attributes"];

    private static readonly (string Name, DeviceKind Kind)[] Kinds =
    [
        ("cpu", DeviceKind.Cpu), ("gpu", DeviceKind.Gpu), ("fpga", DeviceKind.Fpga), ("accelerator", DeviceKind.Accelerator), ("other", DeviceKind.Other),
    ];

    private static readonly (string Name, HealthStatus Status)[] HealthStatuses =
    [
        ("healthy", HealthStatus.Healthy), ("degraded", HealthStatus.Degraded), ("unavailable", HealthStatus.Unavailable),
    ];

    private static readonly (string Name, LinkKind Kind)[] LinkKinds =
    [
        ("directFabric", LinkKind.DirectFabric), ("samePcieSwitch", LinkKind.SamePcieSwitch), ("sameHostBridge", LinkKind.SameHostBridge),
        ("sameNumaNode", LinkKind.SameNumaNode), ("crossSocket", LinkKind.CrossSocket), ("unknown", LinkKind.Unknown),
    ];

    /// <summary>Parses a definition into devices (with their partitions) and links.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file name for messages, or <see langword="null"/>.</param>
    /// <returns>The declared devices and links.</returns>
    /// <exception cref="StaticHardwareFormatException">The text is not valid JSON or does not follow the schema.</exception>
    public static (List<Device> Devices, List<DeviceLink> Links) Parse(string json, string? source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                AllowTrailingCommas = true,
                CommentHandling = JsonCommentHandling.Skip,
                AllowDuplicateProperties = false,
            });
        }
        catch (JsonException exception)
        {
            string where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : string.Empty;
            throw new StaticHardwareFormatException(Root, $"not valid JSON{where}: {exception.Message}", source, exception);
        }

        using (document)
        {
            try
            {
                return new Reader().ReadDocument(document.RootElement);
            }
            catch (StaticHardwareFormatException exception) when (source is not null)
            {
                throw new StaticHardwareFormatException(exception.JsonPath, exception.Problem, source, exception);
            }
        }
    }

    private sealed class Reader
    {
        private readonly List<Device> _devices = [];
        private readonly List<DeviceLink> _links = [];
        private readonly Dictionary<string, string> _pathOfKey = new(StringComparer.Ordinal);
        private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);

        public (List<Device> Devices, List<DeviceLink> Links) ReadDocument(JsonElement root)
        {
            RequireObject(root, Root, TopLevelProperties);
            if (root.TryGetProperty("devices", out JsonElement devices))
            {
                RequireKind(devices, "devices", JsonValueKind.Array, "an array of devices");
                int index = 0;
                foreach (JsonElement device in devices.EnumerateArray())
                {
                    _devices.Add(ReadDevice(device, $"devices[{index}]", parent: null));
                    index++;
                }
            }

            if (root.TryGetProperty("cluster", out JsonElement cluster))
            {
                if (cluster.ValueKind == JsonValueKind.Array)
                {
                    // Several node shapes (a heterogeneous cluster): each entry is one cluster object.
                    int entry = 0;
                    foreach (JsonElement shape in cluster.EnumerateArray())
                    {
                        ReadCluster(shape, $"cluster[{entry}]");
                        entry++;
                    }
                }
                else
                {
                    ReadCluster(cluster, "cluster");
                }
            }

            if (root.TryGetProperty("links", out JsonElement links))
            {
                RequireKind(links, "links", JsonValueKind.Array, "an array of links");
                int index = 0;
                foreach (JsonElement link in links.EnumerateArray())
                {
                    _links.Add(ReadLink(link, $"links[{index}]"));
                    index++;
                }
            }

            return (_devices, _links);
        }

        private Device ReadDevice(JsonElement element, string path, DeviceId? parent)
        {
            RequireObject(element, path, DeviceProperties);
            string key = RequireString(element, "id", path);
            DeviceId id = Register(key, Child(path, "id"));
            var device = new Device
            {
                Id = id,
                Kind = ReadEnum(Require(element, "kind", path), Child(path, "kind"), Kinds),
                Vendor = OptionalString(element, "vendor", path) ?? string.Empty,
                Name = RequireString(element, "name", path),
                Attributes = element.TryGetProperty("attributes", out JsonElement attributes) ? ReadAttributes(attributes, Child(path, "attributes")) : new Dictionary<string, DeviceAttribute>(),
                Capacities = element.TryGetProperty("capacities", out JsonElement capacities) ? ReadCapacities(capacities, Child(path, "capacities")) : new Dictionary<string, long>(),
                Topology = element.TryGetProperty("topology", out JsonElement topology) ? ReadTopology(topology, Child(path, "topology")) : DeviceTopology.Unknown,
                Health = element.TryGetProperty("health", out JsonElement health) ? ReadHealth(health, Child(path, "health")) : DeviceHealth.Healthy,
                Parent = parent,
            };

            if (element.TryGetProperty("partitions", out JsonElement partitions))
            {
                string partitionsPath = Child(path, "partitions");
                RequireKind(partitions, partitionsPath, JsonValueKind.Array, "an array of devices");
                var children = new List<Device>();
                int index = 0;
                foreach (JsonElement partition in partitions.EnumerateArray())
                {
                    string partitionPath = $"{partitionsPath}[{index}]";
                    Device child = ReadDevice(partition, partitionPath, id);
                    foreach ((string name, long value) in child.Capacities)
                    {
                        if (device.Capacities.TryGetValue(name, out long whole) && value > whole)
                        {
                            Fail(Child(Child(partitionPath, "capacities"), name), $"{value} exceeds the parent's {whole}");
                        }
                    }

                    children.Add(child);
                    index++;
                }

                device = device with { Partitions = children };
            }

            return device;
        }

        private DeviceId Register(string key, string path)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                Fail(path, "a device id must not be empty");
            }

            if (!_pathOfKey.TryAdd(key, path))
            {
                Fail(path, $"'{key}' is already the id of {_pathOfKey[key]}");
            }

            return new DeviceId(StaticDeviceProvider.ProviderName, key);
        }

        private static Dictionary<string, DeviceAttribute> ReadAttributes(JsonElement element, string path)
        {
            RequireKind(element, path, JsonValueKind.Object, "an object of attribute name to value");
            var attributes = new Dictionary<string, DeviceAttribute>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                string valuePath = Child(path, property.Name);
                if (string.IsNullOrWhiteSpace(property.Name))
                {
                    Fail(valuePath, "an attribute name must not be empty");
                }

                attributes[property.Name] = ReadAttribute(property.Value, valuePath);
            }

            return attributes;
        }

        private static DeviceAttribute ReadAttribute(JsonElement element, string path)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return DeviceAttribute.FromString(element.GetString()!);
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return DeviceAttribute.FromBoolean(element.GetBoolean());
                case JsonValueKind.Number:
                    return element.TryGetInt64(out long shorthand)
                        ? DeviceAttribute.FromInteger(shorthand)
                        : throw Error(path, $"{element.GetRawText()} is not an integer (attributes hold integers, strings, booleans and versions)");
                case JsonValueKind.Object:
                    break;
                default:
                    throw Error(path, $"expected an attribute value such as {{\"int\": 5}}, {{\"string\": \"x\"}}, {{\"bool\": true}} or {{\"version\": \"8.0\"}}, found {Describe(element)}");
            }

            RequireObject(element, path, AttributeValueProperties);
            JsonProperty[] properties = [.. element.EnumerateObject()];
            if (properties.Length != 1)
            {
                Fail(path, $"an attribute value has exactly one of {string.Join(", ", AttributeValueProperties)}, found {properties.Length}");
            }

            JsonProperty typed = properties[0];
            string typedPath = Child(path, typed.Name);
            switch (typed.Name)
            {
                case "string":
                    RequireKind(typed.Value, typedPath, JsonValueKind.String, "a string");
                    return DeviceAttribute.FromString(typed.Value.GetString()!);
                case "int":
                    return DeviceAttribute.FromInteger(ReadInteger(typed.Value, typedPath, long.MinValue));
                case "bool":
                    if (typed.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        Fail(typedPath, $"expected true or false, found {Describe(typed.Value)}");
                    }

                    return DeviceAttribute.FromBoolean(typed.Value.GetBoolean());
                default:
                    RequireKind(typed.Value, typedPath, JsonValueKind.String, "a version string such as \"8.0\"");
                    string text = typed.Value.GetString()!;
                    return Version.TryParse(text, out Version? version)
                        ? DeviceAttribute.FromVersion(version)
                        : throw Error(typedPath, $"'{text}' is not a version (major.minor[.build[.revision]])");
            }
        }

        private static Dictionary<string, long> ReadCapacities(JsonElement element, string path)
        {
            RequireKind(element, path, JsonValueKind.Object, "an object of capacity name to quantity");
            var capacities = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                capacities[property.Name] = ReadQuantity(property.Value, Child(path, property.Name));
            }

            return capacities;
        }

        private static DeviceTopology ReadTopology(JsonElement element, string path)
        {
            RequireObject(element, path, TopologyProperties);
            var topology = new DeviceTopology
            {
                NumaNode = element.TryGetProperty("numaNode", out JsonElement numa) ? ReadInt32(numa, Child(path, "numaNode"), 0) : null,
                PciBusId = OptionalString(element, "pciBusId", path),
                Socket = element.TryGetProperty("socket", out JsonElement socket) ? ReadInt32(socket, Child(path, "socket"), 0) : null,
            };
            return element.TryGetProperty("cpuSet", out JsonElement cpuSet)
                ? topology with { CpuSet = ReadCpuSet(cpuSet, Child(path, "cpuSet")) }
                : topology;
        }

        private static List<int> ReadCpuSet(JsonElement element, string path)
        {
            var cpus = new List<int>();
            if (element.ValueKind == JsonValueKind.Array)
            {
                int index = 0;
                foreach (JsonElement cpu in element.EnumerateArray())
                {
                    cpus.Add(ReadInt32(cpu, $"{path}[{index}]", 0));
                    index++;
                }

                return cpus;
            }

            if (element.ValueKind != JsonValueKind.String)
            {
                Fail(path, $"expected an array of CPU numbers or a Linux CPU list such as \"0-15,32-47\", found {Describe(element)}");
            }

            string list = element.GetString()!;
            if (!CpuList.TryParse(list, out int[]? parsed, out string? problem))
            {
                Fail(path, problem);
            }

            cpus.AddRange(parsed);
            return cpus;
        }

        private static DeviceHealth ReadHealth(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                HealthStatus bare = ReadEnum(element, path, HealthStatuses);
                return bare == HealthStatus.Healthy ? DeviceHealth.Healthy : throw Error(path, $"{WithArticle(element.GetString()!)} device needs a reason: write {{\"status\": \"{element.GetString()}\", \"reason\": \"...\"}}");
            }

            RequireObject(element, path, HealthProperties);
            HealthStatus status = ReadEnum(Require(element, "status", path), Child(path, "status"), HealthStatuses);
            string? reason = OptionalString(element, "reason", path);
            if (status != HealthStatus.Healthy && string.IsNullOrWhiteSpace(reason))
            {
                Fail(Child(path, "reason"), $"{WithArticle(HealthStatuses[(int)status].Name)} device needs a reason");
            }

            return new DeviceHealth(status, reason);
        }

        private DeviceLink ReadLink(JsonElement element, string path)
        {
            RequireObject(element, path, LinkProperties);
            JsonElement between = Require(element, "between", path);
            string betweenPath = Child(path, "between");
            RequireKind(between, betweenPath, JsonValueKind.Array, "an array of two device ids");
            if (between.GetArrayLength() != 2)
            {
                Fail(betweenPath, $"a link joins exactly two devices, found {between.GetArrayLength()}");
            }

            var ends = new DeviceId[2];
            for (int i = 0; i < 2; i++)
            {
                JsonElement end = between[i];
                string endPath = $"{betweenPath}[{i}]";
                RequireKind(end, endPath, JsonValueKind.String, "a device id");
                string key = end.GetString()!;
                if (!_pathOfKey.ContainsKey(key))
                {
                    Fail(endPath, $"no device has the id '{key}'");
                }

                ends[i] = new DeviceId(StaticDeviceProvider.ProviderName, key);
            }

            if (ends[0] == ends[1])
            {
                Fail(betweenPath, $"a link joins two different devices, found '{ends[0].Key}' twice");
            }

            LinkKind kind = ReadEnum(Require(element, "kind", path), Child(path, "kind"), LinkKinds);
            double? bandwidth = null;
            if (element.TryGetProperty("bandwidthBytesPerSecond", out JsonElement bandwidthElement))
            {
                string bandwidthPath = Child(path, "bandwidthBytesPerSecond");
                if (bandwidthElement.ValueKind != JsonValueKind.Number || !bandwidthElement.TryGetDouble(out double value) || !double.IsFinite(value) || value <= 0)
                {
                    throw Error(bandwidthPath, $"expected a positive number of bytes per second, found {Describe(bandwidthElement)}");
                }

                bandwidth = value;
            }

            return new DeviceLink(ends[0], ends[1], kind, bandwidth);
        }

        private void ReadCluster(JsonElement element, string path)
        {
            RequireObject(element, path, ClusterProperties);
            int nodes = ReadInt32(Require(element, "nodes", path), Child(path, "nodes"), 1);
            string prefix = OptionalString(element, "namePrefix", path) ?? "node";
            if (string.IsNullOrWhiteSpace(prefix) || prefix.Contains('/', StringComparison.Ordinal))
            {
                Fail(Child(path, "namePrefix"), $"'{prefix}' is not a node name prefix (non-empty, without '/')");
            }

            string? group = OptionalString(element, "group", path);
            if (group is not null && string.IsNullOrWhiteSpace(group))
            {
                Fail(Child(path, "group"), "a topology group must not be empty");
            }

            string nodePath = Child(path, "node");
            JsonElement node = Require(element, "node", path);
            RequireObject(node, nodePath, NodeProperties);
            int width = Math.Max(2, (nodes - 1).ToString(CultureInfo.InvariantCulture).Length);
            for (int n = 0; n < nodes; n++)
            {
                string nodeName = $"{prefix}-{n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}";
                if (!_nodeNames.Add(nodeName))
                {
                    Fail(Child(path, "namePrefix"), $"node '{nodeName}' is declared twice: give each cluster entry its own namePrefix");
                }

                ExpandNode(node, nodePath, nodeName, group);
            }
        }

        private void ExpandNode(JsonElement node, string path, string nodeName, string? topologyGroup)
        {
            DeviceAttribute nodeAttribute = DeviceAttribute.FromString(nodeName);
            DeviceAttribute? groupAttribute = topologyGroup is null ? null : DeviceAttribute.FromString(topologyGroup);
            LinkKind nodeLink = node.TryGetProperty("link", out JsonElement linkElement) ? ReadEnum(linkElement, Child(path, "link"), LinkKinds) : LinkKind.SameHostBridge;
            var capacities = new Dictionary<string, long>(StringComparer.Ordinal);
            if (node.TryGetProperty("cores", out JsonElement cores))
            {
                capacities[CapacityNames.Cores] = ReadQuantity(cores, Child(path, "cores"));
            }

            if (node.TryGetProperty("memoryBytes", out JsonElement memory))
            {
                capacities[CapacityNames.MemoryBytes] = ReadQuantity(memory, Child(path, "memoryBytes"));
            }

            if (capacities.Count > 0)
            {
                _devices.Add(new Device
                {
                    Id = Register($"{nodeName}/cpu", path),
                    Kind = DeviceKind.Cpu,
                    Vendor = OptionalString(node, "cpuVendor", path) ?? string.Empty,
                    Name = OptionalString(node, "cpuName", path) ?? "cpu",
                    Capacities = capacities,
                    Attributes = WithGroup(new Dictionary<string, DeviceAttribute>(StringComparer.Ordinal) { [HardwareAttributeNames.Node] = nodeAttribute }, groupAttribute),
                });
            }

            var nodeDevices = new List<(DeviceId Id, int Group, LinkKind Link)>();
            int group = 0;
            foreach ((string property, DeviceKind kind, string idStem) in new[] { ("gpus", DeviceKind.Gpu, "gpu"), ("fpgas", DeviceKind.Fpga, "fpga"), ("accelerators", DeviceKind.Accelerator, "accelerator") })
            {
                if (!node.TryGetProperty(property, out JsonElement groups))
                {
                    continue;
                }

                string groupsPath = Child(path, property);
                RequireKind(groups, groupsPath, JsonValueKind.Array, "an array of device groups such as {\"model\": \"a100\", \"count\": 8}");
                int index = 0;
                int groupIndex = 0;
                foreach (JsonElement groupElement in groups.EnumerateArray())
                {
                    string groupPath = $"{groupsPath}[{groupIndex}]";
                    RequireObject(groupElement, groupPath, GroupProperties);
                    string model = RequireString(groupElement, "model", groupPath);
                    if (string.IsNullOrWhiteSpace(model))
                    {
                        Fail(Child(groupPath, "model"), "a model must not be empty");
                    }

                    int count = ReadInt32(Require(groupElement, "count", groupPath), Child(groupPath, "count"), 1);
                    LinkKind link = groupElement.TryGetProperty("link", out JsonElement groupLink) ? ReadEnum(groupLink, Child(groupPath, "link"), LinkKinds) : nodeLink;
                    Dictionary<string, DeviceAttribute> attributes = groupElement.TryGetProperty("attributes", out JsonElement extra)
                        ? ReadAttributes(extra, Child(groupPath, "attributes"))
                        : new Dictionary<string, DeviceAttribute>(StringComparer.Ordinal);
                    attributes[HardwareAttributeNames.Node] = nodeAttribute;
                    WithGroup(attributes, groupAttribute);
                    attributes[HardwareAttributeNames.Model] = DeviceAttribute.FromString(model.Trim().ToLowerInvariant());
                    var groupCapacities = new Dictionary<string, long>(StringComparer.Ordinal);
                    foreach (string capacity in new[] { CapacityNames.MemoryBytes, CapacityNames.ComputeUnits })
                    {
                        if (groupElement.TryGetProperty(capacity, out JsonElement quantity))
                        {
                            groupCapacities[capacity] = ReadQuantity(quantity, Child(groupPath, capacity));
                        }
                    }

                    string name = OptionalString(groupElement, "name", groupPath) ?? model;
                    string vendor = OptionalString(groupElement, "vendor", groupPath) ?? string.Empty;
                    for (int i = 0; i < count; i++)
                    {
                        DeviceId id = Register($"{nodeName}/{idStem}-{index.ToString(CultureInfo.InvariantCulture)}", groupPath);
                        _devices.Add(new Device { Id = id, Kind = kind, Vendor = vendor, Name = name, Attributes = attributes, Capacities = groupCapacities });
                        nodeDevices.Add((id, group, link));
                        index++;
                    }

                    group++;
                    groupIndex++;
                }
            }

            for (int i = 0; i < nodeDevices.Count; i++)
            {
                for (int j = i + 1; j < nodeDevices.Count; j++)
                {
                    LinkKind kind = nodeDevices[i].Group == nodeDevices[j].Group ? nodeDevices[i].Link : nodeLink;
                    _links.Add(new DeviceLink(nodeDevices[i].Id, nodeDevices[j].Id, kind));
                }
            }
        }

        private static Dictionary<string, DeviceAttribute> WithGroup(Dictionary<string, DeviceAttribute> attributes, DeviceAttribute? group)
        {
            if (group is { } value)
            {
                attributes[HardwareAttributeNames.TopologyGroup] = value;
            }

            return attributes;
        }

        private static long ReadQuantity(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Number)
            {
                return ReadInteger(element, path, 0);
            }

            const string Expected = "a non-negative integer, or a string quantity (" + Quantity.Expected + ")";
            if (element.ValueKind != JsonValueKind.String)
            {
                Fail(path, $"expected {Expected}, found {Describe(element)}");
            }

            if (!Quantity.TryParse(element.GetString(), out long value, out string? problem))
            {
                Fail(path, problem);
            }

            return value;
        }

        private static long ReadInteger(JsonElement element, string path, long minimum)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long value))
            {
                throw Error(path, $"expected an integer, found {Describe(element)}");
            }

            return value >= minimum ? value : throw Error(path, $"{value} is less than the minimum {minimum}");
        }

        private static int ReadInt32(JsonElement element, string path, int minimum)
        {
            long value = ReadInteger(element, path, minimum);
            return value <= int.MaxValue ? (int)value : throw Error(path, $"{value} is larger than {int.MaxValue}");
        }

        private static T ReadEnum<T>(JsonElement element, string path, (string Name, T Value)[] values)
        {
            string names = string.Join(", ", Array.ConvertAll(values, v => v.Name));
            if (element.ValueKind != JsonValueKind.String)
            {
                Fail(path, $"expected one of {names}, found {Describe(element)}");
            }

            string text = element.GetString()!;
            foreach ((string name, T value) in values)
            {
                if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                {
                    return value;
                }
            }

            throw Error(path, $"'{text}' is not one of {names}");
        }

        private static JsonElement Require(JsonElement element, string name, string path) =>
            element.TryGetProperty(name, out JsonElement value) ? value : throw Error(Child(path, name), "is required");

        private static string RequireString(JsonElement element, string name, string path)
        {
            JsonElement value = Require(element, name, path);
            RequireKind(value, Child(path, name), JsonValueKind.String, "a string");
            return value.GetString()!;
        }

        private static string? OptionalString(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out JsonElement value))
            {
                return null;
            }

            RequireKind(value, Child(path, name), JsonValueKind.String, "a string");
            return value.GetString();
        }

        private static void RequireObject(JsonElement element, string path, string[] known)
        {
            RequireKind(element, path, JsonValueKind.Object, "an object");
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (Array.IndexOf(known, property.Name) < 0)
                {
                    Fail(Child(path, property.Name), $"unknown property; expected one of {string.Join(", ", known)}");
                }
            }
        }

        private static void RequireKind(JsonElement element, string path, JsonValueKind kind, string expected)
        {
            if (element.ValueKind != kind)
            {
                Fail(path, $"expected {expected}, found {Describe(element)}");
            }
        }

        private static string WithArticle(string word) => word.StartsWith('u') ? $"an {word}" : $"a {word}";

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string '{element.GetString()}'",
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => "null",
        };

        private static string Child(string path, string name)
        {
            bool plain = name.Length > 0 && name.AsSpan().IndexOfAny(PathSpecialCharacters) < 0;
            return plain
                ? (path == Root ? name : $"{path}.{name}")
                : $"{(path == Root ? string.Empty : path)}['{name}']";
        }

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        private static void Fail(string path, string problem) => throw Error(path, problem);

        private static StaticHardwareFormatException Error(string path, string problem) => new(path, problem, null);
    }
}
