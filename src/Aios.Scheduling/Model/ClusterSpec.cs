using System.Globalization;
using System.Text.Json;

namespace Aios.Scheduling.Model;

/// <summary>A cluster: its nodes, in a stable order that placement ties follow.</summary>
public sealed class ClusterSpec
{
    /// <summary>Creates a cluster of <paramref name="nodes"/>.</summary>
    /// <param name="nodes">The nodes; names unique.</param>
    /// <exception cref="ArgumentNullException"><paramref name="nodes"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">Two nodes share a name.</exception>
    public ClusterSpec(IEnumerable<NodeSpec> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var list = new List<NodeSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var types = new List<string>();
        var seenTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeSpec node in nodes)
        {
            ArgumentNullException.ThrowIfNull(node, nameof(nodes));
            if (!names.Add(node.Name))
            {
                throw new ArgumentException($"Two nodes are named '{node.Name}'; node names must be unique.", nameof(nodes));
            }

            foreach (string type in node.Devices.Keys.Order(StringComparer.Ordinal))
            {
                if (seenTypes.Add(type))
                {
                    types.Add(type);
                }
            }

            list.Add(node);
        }

        Nodes = list;
        DeviceTypes = types;
    }

    /// <summary>Gets the nodes.</summary>
    public IReadOnlyList<NodeSpec> Nodes { get; }

    /// <summary>Gets the device types of the cluster, in order of first appearance.</summary>
    public IReadOnlyList<string> DeviceTypes { get; }

    /// <summary>Gets the number of devices of <paramref name="deviceType"/> in the cluster.</summary>
    /// <param name="deviceType">A device type.</param>
    /// <returns>The count (0 for a type the cluster lacks).</returns>
    public long CountOf(string deviceType)
    {
        long total = 0;
        foreach (NodeSpec node in Nodes)
        {
            total += node.Devices.GetValueOrDefault(deviceType);
        }

        return total;
    }

    /// <summary>Gets the number of devices of every type in the cluster.</summary>
    public long TotalDevices
    {
        get
        {
            long total = 0;
            foreach (NodeSpec node in Nodes)
            {
                total += node.TotalDevices;
            }

            return total;
        }
    }

    /// <summary>
    /// Builds a cluster from GPU counts per type (e.g. <c>v100=36, p100=36, k80=36</c>) with
    /// <paramref name="gpusPerNode"/> GPUs of one type per node; a remainder makes one smaller last node of that type.
    /// </summary>
    /// <param name="gpusByType">GPUs per device type; counts ≥ 0.</param>
    /// <param name="gpusPerNode">GPUs per node; ≥ 1.</param>
    /// <param name="cpuCoresPerGpu">CPU cores a node offers per GPU; finite and ≥ 0.</param>
    /// <param name="memoryBytesPerGpu">Memory a node offers per GPU; ≥ 0.</param>
    /// <returns>The cluster; nodes are named <c>{type}-{index}</c> and nodes of one type share the topology group <c>{type}</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gpusByType"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A count or <paramref name="gpusPerNode"/> is out of range.</exception>
    public static ClusterSpec FromGpuCounts(IEnumerable<KeyValuePair<string, int>> gpusByType, int gpusPerNode, double cpuCoresPerGpu = 0, long memoryBytesPerGpu = 0)
    {
        ArgumentNullException.ThrowIfNull(gpusByType);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerNode, 1);
        Guard.FiniteNonNegative(cpuCoresPerGpu);
        ArgumentOutOfRangeException.ThrowIfNegative(memoryBytesPerGpu);
        var nodes = new List<NodeSpec>();
        foreach ((string type, int count) in gpusByType)
        {
            ArgumentException.ThrowIfNullOrEmpty(type, nameof(gpusByType));
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(gpusByType));
            for (int first = 0, index = 0; first < count; first += gpusPerNode, index++)
            {
                int here = Math.Min(gpusPerNode, count - first);
                nodes.Add(new NodeSpec(string.Create(CultureInfo.InvariantCulture, $"{type}-{index}"), new Dictionary<string, int> { [type] = here })
                {
                    CpuCores = cpuCoresPerGpu * here,
                    MemoryBytes = memoryBytesPerGpu * here,
                    TopologyGroup = type,
                });
            }
        }

        return new ClusterSpec(nodes);
    }

    /// <summary>
    /// Reads a cluster from JSON: <c>{ "nodes": [ { "name": "n0", "devices": { "a100": 8 }, "cpuCores": 64,
    /// "memoryBytes": 549755813888, "group": "rack-1", "count": 1 } ] }</c>. <c>count</c> (default 1) repeats a node;
    /// repeated nodes are named <c>{name}-{index}</c>. Only <c>name</c> and <c>devices</c> are required.
    /// </summary>
    /// <param name="json">The UTF-8 JSON.</param>
    /// <returns>The cluster.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    /// <exception cref="FormatException">The JSON is malformed or a field has the wrong type or range; the message names the node and field.</exception>
    public static ClusterSpec LoadJson(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException exception)
        {
            throw new FormatException($"The cluster file is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("nodes", out JsonElement nodesElement) || nodesElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("The cluster file must be an object with a \"nodes\" array.");
            }

            var nodes = new List<NodeSpec>();
            int position = 0;
            foreach (JsonElement element in nodesElement.EnumerateArray())
            {
                nodes.AddRange(ReadNode(element, position++));
            }

            try
            {
                return new ClusterSpec(nodes);
            }
            catch (ArgumentException exception)
            {
                throw new FormatException($"The cluster file is invalid: {exception.Message}", exception);
            }
        }
    }

    private static IEnumerable<NodeSpec> ReadNode(JsonElement element, int position)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"nodes[{position}]");
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where} must be an object.");
        }

        string name = element.TryGetProperty("name", out JsonElement nameElement) && nameElement.ValueKind == JsonValueKind.String && nameElement.GetString() is { Length: > 0 } text
            ? text
            : throw new FormatException($"{where}.name must be a non-empty string.");
        where = $"{where} ('{name}')";
        if (!element.TryGetProperty("devices", out JsonElement devicesElement) || devicesElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{where}.devices must be an object of device type → count.");
        }

        var devices = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty pool in devicesElement.EnumerateObject())
        {
            if (pool.Name.Length == 0 || pool.Value.ValueKind != JsonValueKind.Number || !pool.Value.TryGetInt32(out int count) || count < 0)
            {
                throw new FormatException($"{where}.devices.{pool.Name} must be an integer count ≥ 0.");
            }

            devices[pool.Name] = count;
        }

        double cpu = ReadNumber(element, "cpuCores", where);
        double memory = ReadNumber(element, "memoryBytes", where);
        int repeat = (int)Math.Min(ReadNumber(element, "count", where, 1), int.MaxValue);
        string? group = element.TryGetProperty("group", out JsonElement groupElement) && groupElement.ValueKind == JsonValueKind.String ? groupElement.GetString() : null;
        if (repeat < 1)
        {
            throw new FormatException($"{where}.count must be at least 1.");
        }

        for (int i = 0; i < repeat; i++)
        {
            yield return new NodeSpec(repeat == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}-{i}"), devices)
            {
                CpuCores = cpu,
                MemoryBytes = (long)memory,
                TopologyGroup = group,
            };
        }
    }

    private static double ReadNumber(JsonElement element, string field, string where, double missing = 0)
    {
        if (!element.TryGetProperty(field, out JsonElement value))
        {
            return missing;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double number) || !double.IsFinite(number) || number < 0)
        {
            throw new FormatException($"{where}.{field} must be a finite number ≥ 0.");
        }

        return number;
    }
}
