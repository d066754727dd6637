using System.Globalization;
using Aios.Scheduling.Kubernetes;
using k8s;
using k8s.Models;

namespace Aios.Cli.Kubernetes;

/// <summary>
/// Evaluates <c>aios k8s run</c>: creates the request's pods for the <c>aios</c> scheduler one by one, and when one
/// cannot be created (or Ctrl+C comes), deletes the ones it created, so a run leaves all its pods or none. Nothing here
/// writes output; a failure comes back as the message to report.
/// </summary>
internal static class KubeRunEvaluator
{
    /// <summary>The scheduler the pods name (<see cref="KubernetesInventoryOptions.SchedulerName"/>'s default).</summary>
    public const string SchedulerName = "aios";

    public static async Task<(KubeRunOutput? Output, string? Error)> RunAsync(IKubernetes client, string server, KubeRunRequest request, string space, CancellationToken cancellationToken)
    {
        var created = new List<string>();
        foreach (string name in request.PodNames)
        {
            try
            {
                await client.CoreV1.CreateNamespacedPodAsync(BuildPod(request, name), space, cancellationToken: cancellationToken).ConfigureAwait(false);
                created.Add(name);
            }
            catch (Exception exception) when (exception is OperationCanceledException || KubeConnection.TryDescribe(exception, server, out _))
            {
                string problem = exception is OperationCanceledException && cancellationToken.IsCancellationRequested ? "interrupted"
                    : KubeConnection.TryDescribe(exception, server, out string? described) ? described
                    : CliConsole.Describe(exception);
                return (null, $"creating pod {space}/{name} failed: {problem}; {await RollBackAsync(client, server, space, created).ConfigureAwait(false)}");
            }
        }

        return (new KubeRunOutput(space, created), null);
    }

    /// <summary>The pod for one replica: GPU request = limit, the queue and gang labels, the gang's size and the duration as annotations.</summary>
    public static V1Pod BuildPod(KubeRunRequest request, string name)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Queue is { } queue)
        {
            labels[KubernetesInventory.QueueLabel] = queue;
        }

        if (request.Gang)
        {
            labels[KubernetesInventory.PodGroupLabel] = request.Name;
            annotations[KubernetesInventory.MinMembersAnnotation] = request.Replicas.ToString(CultureInfo.InvariantCulture);
        }

        if (request.DurationSeconds is { } seconds)
        {
            annotations[KubernetesInventory.DurationAnnotation] = seconds.ToString("R", CultureInfo.InvariantCulture);
        }

        // A share of one GPU asks with an annotation and requests no GPU resource (the scheduler names the GPU when it binds).
        string gpus = request.Gpus.ToString(CultureInfo.InvariantCulture);
        var requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        Dictionary<string, ResourceQuantity>? limits = null;
        if (request.GpuMilli is int milli)
        {
            annotations[KubernetesInventory.GpuMilliAnnotation] = milli.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            requests[request.GpuResource] = new ResourceQuantity(gpus);
            limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { [request.GpuResource] = new(gpus) };
        }

        if (request.Cpu is { } cpu)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (request.Memory is { } memory)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labels.Count > 0 ? labels : null,
                Annotations = annotations.Count > 0 ? annotations : null,
            },
            Spec = new V1PodSpec
            {
                SchedulerName = SchedulerName,
                RestartPolicy = "Never",
                PriorityClassName = request.PriorityClass,
                Containers =
                [
                    new V1Container
                    {
                        Name = "main",
                        Image = request.Image,
                        Command = request.Command.Count > 0 ? [.. request.Command] : null,
                        Resources = new V1ResourceRequirements
                        {
                            Requests = requests.Count > 0 ? requests : null,
                            Limits = limits,
                        },
                    },
                ],
            },
        };
    }

    /// <summary>Deletes the pods created so far (grace period 0: one may already be bound), on a token of its own so that Ctrl+C does not stop the cleanup.</summary>
    private static async Task<string> RollBackAsync(IKubernetes client, string server, string space, List<string> created)
    {
        if (created.Count == 0)
        {
            return "no pod was created";
        }

        var left = new List<string>();
        foreach (string name in created)
        {
            try
            {
                await client.CoreV1.DeleteNamespacedPodAsync(name, space, gracePeriodSeconds: 0, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (KubeConnection.TryDescribe(exception, server, out _))
            {
                left.Add(name);
            }
        }

        return left.Count == 0
            ? $"deleted the {created.Count} pod(s) it had created ({string.Join(", ", created)})"
            : $"could not delete {string.Join(", ", left)} (delete them with kubectl delete pod -n {space} {string.Join(' ', left)})";
    }
}
