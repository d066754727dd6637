using Aios.Testing.Kubernetes;
using k8s;

namespace Aios.KubeBench;

/// <summary>A pod to create: one container asking for <see cref="Gpus"/> GPUs, with the gang label and annotations given.</summary>
internal sealed record PodToCreate(string Name, int Gpus, IReadOnlyDictionary<string, string>? Labels = null, IReadOnlyDictionary<string, string>? Annotations = null);

/// <summary>Creates pods with N clients in parallel, each with its own connections, taking the pods in list order.</summary>
internal static class PodCreator
{
    public static async Task CreateAsync(IReadOnlyList<IKubernetes> clients, IReadOnlyList<PodToCreate> pods, string schedulerName, CancellationToken cancellationToken)
    {
        int next = -1;
        var gpus = new Dictionary<int, Dictionary<string, int>>();
        foreach (PodToCreate pod in pods)
        {
            gpus.TryAdd(pod.Gpus, new Dictionary<string, int> { [PodTracker.GpuResource] = pod.Gpus });
        }

        var workers = new Task[clients.Count];
        for (int w = 0; w < clients.Count; w++)
        {
            IKubernetes client = clients[w];
            workers[w] = Task.Run(async () =>
            {
                for (int i = Interlocked.Increment(ref next); i < pods.Count; i = Interlocked.Increment(ref next))
                {
                    PodToCreate pod = pods[i];
                    await client.CreatePodAsync(pod.Name, gpus[pod.Gpus], labels: pod.Labels, annotations: pod.Annotations, schedulerName: schedulerName, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }, cancellationToken);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
    }
}
