using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aios.Hardware;
using k8s;

namespace Aios.Cli.Kubernetes;

/// <summary><c>aios k8s</c>: a Kubernetes cluster as the Aios scheduler sees it (<c>nodes</c>), and pods for it to place (<c>run</c>).</summary>
internal static class KubernetesCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("k8s", "A Kubernetes cluster as the Aios scheduler sees it, pods for it to place (schedulerName aios), and the scheduler itself.");
        command.Subcommands.Add(Nodes(console));
        command.Subcommands.Add(Run(console));
        command.Subcommands.Add(KubeSchedulerCommand.Create(console, KubeconfigOption(), kubeconfig =>
            TryConnect(kubeconfig, out IKubernetes? client, out string? server, out _, out string? error) ? (client, server, null) : (null, null, error)));
        return command;
    }

    private static Option<string?> KubeconfigOption() =>
        new("--kubeconfig") { Description = "The kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account)." };

    private static Command Nodes(CliConsole console)
    {
        var kubeconfig = KubeconfigOption();
        var json = new Option<bool>("--json") { Description = "Write the nodes as JSON." };
        var command = new Command("nodes", "Every node: usable or why not, each device pool (capacity, used by bound pods, free), CPU and memory.") { kubeconfig, json };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!TryConnect(result.GetValue(kubeconfig), out IKubernetes? client, out string? server, out _, out string? error))
            {
                return console.Fail(error);
            }

            using (client)
            {
                KubeNodesOutput output;
                try
                {
                    output = await KubeNodesEvaluator.EvaluateAsync(client, server, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (KubeConnection.TryDescribe(exception, server, out string? message) && !cancellationToken.IsCancellationRequested)
                {
                    return console.Fail(message!);
                }

                if (result.GetValue(json))
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.KubeNodesOutput));
                }
                else
                {
                    WriteNodes(console.Out, output);
                }

                return 0;
            }
        });
        return command;
    }

    private static Command Run(CliConsole console)
    {
        var name = new Argument<string>("NAME") { Description = "The job's name: the pod's, or NAME-0 … NAME-(R-1) for R replicas (a DNS-1123 label)." };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "After --: the container's command and its arguments (default: the image's).", Arity = ArgumentArity.ZeroOrMore };
        var image = new Option<string>("--image") { Description = "The container image.", Required = true };
        var gpus = new Option<int?>("--gpus") { Description = "GPUs per pod (request = limit), at least 1; or --gpu-milli." };
        var gpuMilli = new Option<int?>("--gpu-milli") { Description = "A share of one GPU per pod in thousandths, 1–999 (annotation aios.dev/gpu-milli; the scheduler packs shares onto GPUs and names the GPU on the pod); or --gpus." };
        var replicas = new Option<int>("--replicas") { Description = "Pods to create (default 1).", DefaultValueFactory = _ => 1 };
        var gang = new Option<bool>("--gang") { Description = "Start all replicas together or none: the pod-group label scheduling.x-k8s.io/pod-group: NAME and aios.dev/min-members: R." };
        var queue = new Option<string?>("--queue") { Description = "The queue (label aios.dev/queue)." };
        var space = new Option<string?>("--namespace") { Description = "The namespace (default: the kubeconfig context's, else default)." };
        var priorityClass = new Option<string?>("--priority-class") { Description = "The PriorityClass (it must exist)." };
        var gpuResource = new Option<string>("--gpu-resource") { Description = "The GPU's extended resource (default nvidia.com/gpu).", DefaultValueFactory = _ => "nvidia.com/gpu" };
        var cpu = new Option<string?>("--cpu") { Description = "CPU request per pod in cores, such as 4, 0.5 or 500m." };
        var memory = new Option<string?>("--memory") { Description = "Memory request per pod, such as 16Gi or 512Mi." };
        var duration = new Option<double?>("--duration") { Description = "Expected run time in seconds (annotation aios.dev/duration-seconds, for SRTF and backfill)." };
        var kubeconfig = KubeconfigOption();
        var json = new Option<bool>("--json") { Description = "Write the namespace and the created pods' names as JSON." };
        var command = new Command("run", "Create pods for the aios scheduler: one job of R replicas, optionally a gang; all are created or none.")
        {
            name, commandLine, image, gpus, gpuMilli, replicas, gang, queue, space, priorityClass, gpuResource, cpu, memory, duration, kubeconfig, json,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!KubeRunRequest.TryCreate(
                result.GetValue(name)!,
                result.GetValue(image),
                result.GetValue(gpus),
                result.GetValue(gpuMilli),
                result.GetValue(replicas),
                result.GetValue(gang),
                result.GetValue(queue),
                result.GetValue(space),
                result.GetValue(priorityClass),
                result.GetValue(gpuResource)!,
                result.GetValue(cpu),
                result.GetValue(memory),
                result.GetValue(duration),
                result.GetValue(commandLine) ?? [],
                out KubeRunRequest? request,
                out string? invalid))
            {
                return console.Fail(invalid);
            }

            if (!TryConnect(result.GetValue(kubeconfig), out IKubernetes? client, out string? server, out string? contextNamespace, out string? error))
            {
                return console.Fail(error);
            }

            using (client)
            {
                string target = request.Namespace ?? contextNamespace ?? "default";
                (KubeRunOutput? output, string? failure) = await KubeRunEvaluator.RunAsync(client, server, request, target, cancellationToken).ConfigureAwait(false);
                if (output is null)
                {
                    return console.Fail(failure!);
                }

                if (result.GetValue(json))
                {
                    console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.KubeRunOutput));
                }
                else
                {
                    WriteRun(console.Out, request, output);
                }

                return 0;
            }
        });
        return command;
    }

    private static bool TryConnect(string? kubeconfig, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IKubernetes? client, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? server, out string? contextNamespace, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        client = null;
        server = null;
        contextNamespace = null;
        if (!KubeConnection.TryConfigure(kubeconfig, out KubernetesClientConfiguration? configuration, out error)
            || !KubeConnection.TryCreateClient(configuration, out client, out error))
        {
            return false;
        }

        server = configuration.Host?.TrimEnd('/') ?? "(no server)";
        contextNamespace = string.IsNullOrEmpty(configuration.Namespace) ? null : configuration.Namespace;
        return true;
    }

    private static void WriteNodes(TextWriter output, KubeNodesOutput nodes)
    {
        KubeNodeOutput[] usable = [.. nodes.Nodes.Where(n => n.Usable)];
        long capacity = usable.Sum(n => n.Devices.Sum(d => d.Capacity));
        long used = usable.Sum(n => n.Devices.Sum(d => d.Used));
        long free = usable.Sum(n => n.Devices.Sum(d => d.Free));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{nodes.Server}: {nodes.Nodes.Count} nodes, {usable.Length} usable; devices on usable nodes: {capacity} capacity, {used} used, {free} free"));
        foreach (KubeNodeOutput node in nodes.Nodes)
        {
            output.WriteLine();
            string pods = node.Pods == 1 ? "1 pod" : string.Create(CultureInfo.InvariantCulture, $"{node.Pods} pods");
            output.WriteLine($"{node.Name}  {(node.Usable ? "usable" : "excluded: " + node.ExcludedReason)}, {pods}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"cpu",-16} {node.Cpu.Allocatable:0.###} allocatable, {node.Cpu.Used:0.###} used, {node.Cpu.Free:0.###} free"));
            output.WriteLine($"  {"memory",-16} {Quantity.Format(node.MemoryBytes.Allocatable)} allocatable, {Quantity.Format(node.MemoryBytes.Used)} used, {Quantity.Format(node.MemoryBytes.Free)} free");
            foreach (KubeDevicePoolOutput pool in node.Devices)
            {
                string resources = pool.Resources.Count == 1 && pool.Resources[0] == pool.Type ? string.Empty : $" ({string.Join(", ", pool.Resources)})";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {pool.Type + resources,-16} {pool.Capacity} capacity, {pool.Used} used, {pool.Free} free"));
            }

            if (node.Devices.Count == 0)
            {
                output.WriteLine($"  {"devices",-16} none");
            }

            if (node.Taints.Count > 0)
            {
                output.WriteLine($"  {"taints",-16} {string.Join(", ", node.Taints)}");
            }
        }
    }

    private static void WriteRun(TextWriter output, KubeRunRequest request, KubeRunOutput run)
    {
        string what = request.Gang
            ? string.Create(CultureInfo.InvariantCulture, $"gang {request.Name} of {request.Replicas}")
            : request.Replicas == 1 ? "1 pod" : string.Create(CultureInfo.InvariantCulture, $"{request.Replicas} pods");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"created {what} in namespace {run.Namespace} for scheduler {KubeRunEvaluator.SchedulerName}, {(request.GpuMilli is int milli ? $"{milli}/1000 of a GPU" : $"{request.Gpus} {request.GpuResource}")} each{(request.Queue is null ? string.Empty : ", queue " + request.Queue)}:"));
        foreach (string pod in run.Pods)
        {
            output.WriteLine($"  {pod}");
        }
    }
}
