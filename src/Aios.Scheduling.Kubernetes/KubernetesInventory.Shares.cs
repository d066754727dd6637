using System.Globalization;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

/// <summary>Shares of one GPU: the annotations a pod asks with, and the device the scheduler names when it binds.</summary>
public sealed partial class KubernetesInventory
{
    /// <summary>
    /// The annotation with the share of one GPU a pod asks for, in thousandths (1–999): the pod requests no GPU
    /// resource, and the scheduler packs shares onto the node's GPUs without over-commit. KAI Scheduler's
    /// <c>gpu-fraction</c> annotation (0.001–0.999) is read as well.
    /// </summary>
    public const string GpuMilliAnnotation = "aios.dev/gpu-milli";

    /// <summary>The annotation with the GPU memory a share needs, in MiB (≥ 1): it fits only on GPUs whose memory is known (<see cref="GpuMemoryLabel"/>).</summary>
    public const string GpuMemoryAnnotation = "aios.dev/gpu-memory-mib";

    /// <summary>
    /// The annotation the scheduler sets on a share's pod when it binds it (through the Binding, so the pod carries it
    /// from the moment it is bound): the index of the node's GPU it shares. Pods on one node with one index share one
    /// GPU; the device plugin or runtime that enforces shares maps the index to a physical GPU. The scheduler reads it
    /// back to rebuild its state.
    /// </summary>
    public const string GpuShareDeviceAnnotation = "aios.dev/gpu-share-device";

    /// <summary>The annotation the scheduler sets beside <see cref="GpuShareDeviceAnnotation"/>: the device type of the shared GPU (on nodes with one type of GPU it is that type).</summary>
    public const string GpuShareTypeAnnotation = "aios.dev/gpu-share-type";

    /// <summary>The node label with each GPU's memory in MiB, as NVIDIA's GPU feature discovery sets it.</summary>
    public const string GpuMemoryLabel = "nvidia.com/gpu.memory";

    private const string KaiFractionAnnotation = "gpu-fraction";

    /// <summary>The share of one GPU a pod asks for, from its annotations; null when it asks for none.</summary>
    /// <exception cref="FormatException">An annotation cannot be read or is out of range; the message names the pod, the annotation and the range.</exception>
    internal static (int Milli, long MemoryBytes)? ReadShare(V1Pod pod)
    {
        IDictionary<string, string>? annotations = pod.Metadata?.Annotations;
        string name = pod.Metadata?.Name ?? "?";
        int milli;
        if (annotations?.TryGetValue(GpuMilliAnnotation, out string? text) == true)
        {
            milli = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= 999 ? value
                : throw new FormatException($"annotation {GpuMilliAnnotation} on {name} must be a whole number of thousandths of a GPU, 1–999 (was '{text}'); ask for whole GPUs with nvidia.com/gpu.");
        }
        else if (annotations?.TryGetValue(KaiFractionAnnotation, out string? fraction) == true)
        {
            milli = decimal.TryParse(fraction, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal share) && share * 1000 == decimal.Truncate(share * 1000) && share * 1000 is >= 1 and <= 999
                ? (int)(share * 1000)
                : throw new FormatException($"annotation {KaiFractionAnnotation} on {name} must be a fraction of a GPU, 0.001–0.999 in thousandths (was '{fraction}').");
        }
        else
        {
            return annotations?.ContainsKey(GpuMemoryAnnotation) == true
                ? throw new FormatException($"annotation {GpuMemoryAnnotation} on {name} needs {GpuMilliAnnotation}: GPU memory is asked for with a share of a GPU.")
                : null;
        }

        long memory = 0;
        if (annotations.TryGetValue(GpuMemoryAnnotation, out string? mib))
        {
            memory = long.TryParse(mib, NumberStyles.None, CultureInfo.InvariantCulture, out long value) && value is >= 1 and <= long.MaxValue / (1L << 20) ? value << 20
                : throw new FormatException($"annotation {GpuMemoryAnnotation} on {name} must be a whole number of MiB ≥ 1 (was '{mib}').");
        }

        return (milli, memory);
    }

    /// <summary>
    /// The GPU a bound share's pod holds on <paramref name="node"/>: the index of <see cref="GpuShareDeviceAnnotation"/>
    /// among the node's GPUs of the type of <see cref="GpuShareTypeAnnotation"/> (or of the node's only whole-GPU type);
    /// null when absent, unreadable or not a GPU of the node.
    /// </summary>
    internal static (string Type, int Device)? ReadShareDevice(V1Pod pod, InventoryNode node, IReadOnlyCollection<string> gpuResources)
    {
        IDictionary<string, string>? annotations = pod.Metadata?.Annotations;
        if (annotations?.TryGetValue(GpuShareDeviceAnnotation, out string? text) != true
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int device))
        {
            return null;
        }

        string[] types = ShareTypes(node, gpuResources);
        string? type = annotations.TryGetValue(GpuShareTypeAnnotation, out string? named) ? named : types.Length == 1 ? types[0] : null;
        return type is not null && types.Contains(type, StringComparer.Ordinal) && device < node.Spec.Devices[type] ? (type, device) : null;
    }

    /// <summary>The device types of a node's whole-GPU resources (<see cref="KubernetesInventoryOptions.GpuResources"/>): the GPUs shares go to.</summary>
    internal static string[] ShareTypes(InventoryNode node, IReadOnlyCollection<string> gpuResources) =>
        [.. node.DeviceResources.Where(pair => gpuResources.Contains(pair.Key)).Select(pair => pair.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Each GPU's memory on a node, from <see cref="GpuMemoryLabel"/> (MiB), or null when absent or unreadable.</summary>
    private static long? ReadGpuMemory(IDictionary<string, string> labels) =>
        labels.TryGetValue(GpuMemoryLabel, out string? text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long mib) && mib is >= 1 and <= long.MaxValue / (1L << 20)
            ? mib << 20
            : null;
}
