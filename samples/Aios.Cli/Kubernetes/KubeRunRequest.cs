using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Aios.Hardware;

namespace Aios.Cli.Kubernetes;

/// <summary>
/// What <c>aios k8s run</c> was asked, validated: the pods' names, image, GPUs per pod — whole GPUs, or a share of one
/// (<c>GpuMilli</c>, thousandths) — and the rest in the forms the API server takes (CPU as <c>4</c> or <c>500m</c>, memory
/// as a quantity such as <c>16Gi</c>).
/// </summary>
internal sealed partial record KubeRunRequest(
    string Name,
    string Image,
    int Gpus,
    int? GpuMilli,
    int Replicas,
    bool Gang,
    string? Queue,
    string? Namespace,
    string? PriorityClass,
    string GpuResource,
    string? Cpu,
    string? Memory,
    double? DurationSeconds,
    IReadOnlyList<string> Command)
{
    private const string LabelRule = "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (a DNS-1123 label)";

    /// <summary>The names of the pods to create: <c>NAME</c> for one, <c>NAME-0</c> … <c>NAME-(R-1)</c> for more.</summary>
    public IReadOnlyList<string> PodNames => Replicas == 1 ? [Name] : [.. Enumerable.Range(0, Replicas).Select(i => $"{Name}-{i.ToString(CultureInfo.InvariantCulture)}")];

    /// <summary>Validates the arguments as typed; <paramref name="error"/> names the first one that is not valid and the valid form.</summary>
    public static bool TryCreate(
        string name,
        string? image,
        int? gpus,
        int? gpuMilli,
        int replicas,
        bool gang,
        string? queue,
        string? space,
        string? priorityClass,
        string gpuResource,
        string? cpu,
        string? memory,
        double? duration,
        IReadOnlyList<string> command,
        [NotNullWhen(true)] out KubeRunRequest? request,
        [NotNullWhen(false)] out string? error)
    {
        request = null;
        string? cpuQuantity = null;
        string? memoryQuantity = null;
        error = !IsDnsLabel(name) ? $"NAME '{name}' is not a valid name: {LabelRule}"
            : string.IsNullOrWhiteSpace(image) || image.Any(char.IsWhiteSpace) ? $"--image must name a container image without spaces (got '{image}')"
            : gpus is null && gpuMilli is null ? "--gpus (whole GPUs per pod, at least 1) or --gpu-milli (a share of one GPU per pod, 1–999 thousandths) is required"
            : gpus is not null && gpuMilli is not null ? "--gpus and --gpu-milli exclude each other: ask for whole GPUs or for a share of one"
            : gpus < 1 ? $"--gpus must be at least 1 (got {gpus})"
            : gpuMilli is < 1 or > 999 ? $"--gpu-milli must be 1–999 thousandths of a GPU (got {gpuMilli}); ask for whole GPUs with --gpus"
            : replicas < 1 ? $"--replicas must be at least 1 (got {replicas})"
            : queue is not null && !IsLabelValue(queue) ? $"--queue '{queue}' is not a valid label value: letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at most 63 characters"
            : space is not null && !IsDnsLabel(space) ? $"--namespace '{space}' is not a valid namespace: {LabelRule}"
            : priorityClass is not null && !IsDnsSubdomain(priorityClass) ? $"--priority-class '{priorityClass}' is not a valid name: lower-case letters, digits, '-' and '.', at most 253 characters"
            : !IsExtendedResource(gpuResource) ? $"--gpu-resource must be an extended resource name with a domain, such as nvidia.com/gpu (got '{gpuResource}')"
            : cpu is not null && !TryParseCpu(cpu, out cpuQuantity) ? $"--cpu must be a number of cores greater than 0, such as 4, 0.5 or 500m (got '{cpu}')"
            : memory is not null && !TryParseMemory(memory, out memoryQuantity) ? $"--memory must be an amount of bytes greater than 0, such as 16Gi or 512Mi (got '{memory}')"
            : duration is { } seconds && (!double.IsFinite(seconds) || seconds <= 0) ? $"--duration must be a number of seconds greater than 0 (got {seconds.ToString(CultureInfo.InvariantCulture)})"
            : null;
        if (error is not null)
        {
            return false;
        }

        request = new KubeRunRequest(name, image!, gpus ?? 0, gpuMilli, replicas, gang, queue, space, priorityClass, gpuResource, cpuQuantity, memoryQuantity, duration, command);
        return true;
    }

    /// <summary>CPU as cores (<c>4</c>, <c>0.5</c>) or millicores (<c>500m</c>), at least 1m, written as the API server writes it.</summary>
    public static bool TryParseCpu(string text, [NotNullWhen(true)] out string? quantity)
    {
        quantity = null;
        long millicores;
        if (text.EndsWith('m'))
        {
            if (!long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out millicores))
            {
                return false;
            }
        }
        else if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal cores) || cores > long.MaxValue / 1000 || cores * 1000 != decimal.Truncate(cores * 1000))
        {
            return false;
        }
        else
        {
            millicores = (long)(cores * 1000);
        }

        if (millicores < 1)
        {
            return false;
        }

        quantity = millicores % 1000 == 0
            ? (millicores / 1000).ToString(CultureInfo.InvariantCulture)
            : millicores.ToString(CultureInfo.InvariantCulture) + "m";
        return true;
    }

    /// <summary>Memory by the one quantity rule of the CLI (<see cref="Quantity"/>: <c>16Gi</c>, <c>16GiB</c>, <c>512M</c>), written as a Kubernetes quantity.</summary>
    public static bool TryParseMemory(string text, [NotNullWhen(true)] out string? quantity)
    {
        quantity = Quantity.TryParse(text, out long bytes) && bytes > 0 ? Quantity.Format(bytes) : null;
        return quantity is not null;
    }

    private static bool IsDnsLabel(string text) => text.Length <= 63 && DnsLabel().IsMatch(text);

    private static bool IsDnsSubdomain(string text) => text.Length <= 253 && text.Split('.').All(IsDnsLabel);

    private static bool IsLabelValue(string text) => text.Length is > 0 and <= 63 && LabelValue().IsMatch(text);

    private static bool IsExtendedResource(string text) =>
        text.Split('/') is [{ } prefix, { } name] && IsDnsSubdomain(prefix) && prefix.Contains('.', StringComparison.Ordinal)
        && name.Length <= 63 && LabelValue().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();
}
