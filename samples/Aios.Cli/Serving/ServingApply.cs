using System.Net;
using System.Text.Json.Nodes;
using Aios.Cli.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Aios.Cli.Serving;

/// <summary>
/// Applies a served model's Deployment and Service (<see cref="Aios.Serving.Manifests.ServingManifests"/>) to a
/// cluster: created when absent, replaced (keeping the server's resourceVersion, and the Service's cluster IP) when
/// present, so applying the same plan twice changes nothing and a new plan changes only what it says. The Deployment
/// first: a Service without pods is harmless, pods without a Service are reachable by nobody yet.
/// </summary>
internal static class ServingApply
{
    /// <summary>What was done to each object: <c>created</c> or <c>replaced</c>.</summary>
    public sealed record Applied(string Kind, string Namespace, string Name, string Action);

    public static async Task<(IReadOnlyList<Applied>? Applied, string? Error)> ApplyAsync(IKubernetes client, string server, JsonObject deployment, JsonObject service, CancellationToken cancellationToken)
    {
        var applied = new List<Applied>();
        V1Deployment typedDeployment = KubernetesJson.Deserialize<V1Deployment>(deployment.ToJsonString());
        V1Service typedService = KubernetesJson.Deserialize<V1Service>(service.ToJsonString());
        try
        {
            applied.Add(await ApplyDeploymentAsync(client, typedDeployment, cancellationToken).ConfigureAwait(false));
            applied.Add(await ApplyServiceAsync(client, typedService, cancellationToken).ConfigureAwait(false));
            return (applied, null);
        }
        catch (Exception exception) when (KubeConnection.TryDescribe(exception, server, out string? message))
        {
            string done = applied.Count == 0 ? "nothing was applied" : $"{string.Join(", ", applied.Select(a => $"{a.Kind} {a.Namespace}/{a.Name} {a.Action}"))} before it";
            return (null, $"applying {(applied.Count == 0 ? "the Deployment" : "the Service")} failed: {message} ({done})");
        }
    }

    private static async Task<Applied> ApplyDeploymentAsync(IKubernetes client, V1Deployment deployment, CancellationToken cancellationToken)
    {
        string space = deployment.Metadata.NamespaceProperty;
        string name = deployment.Metadata.Name;
        V1Deployment? existing = await ReadOrNullAsync(() => client.AppsV1.ReadNamespacedDeploymentAsync(name, space, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (existing is null)
        {
            await client.AppsV1.CreateNamespacedDeploymentAsync(deployment, space, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Applied("Deployment", space, name, "created");
        }

        deployment.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        await client.AppsV1.ReplaceNamespacedDeploymentAsync(deployment, name, space, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Applied("Deployment", space, name, "replaced");
    }

    private static async Task<Applied> ApplyServiceAsync(IKubernetes client, V1Service service, CancellationToken cancellationToken)
    {
        string space = service.Metadata.NamespaceProperty;
        string name = service.Metadata.Name;
        V1Service? existing = await ReadOrNullAsync(() => client.CoreV1.ReadNamespacedServiceAsync(name, space, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (existing is null)
        {
            await client.CoreV1.CreateNamespacedServiceAsync(service, space, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new Applied("Service", space, name, "created");
        }

        // A Service's cluster IP is immutable: a replacement keeps the one the server gave.
        service.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
        service.Spec.ClusterIP = existing.Spec.ClusterIP;
        service.Spec.ClusterIPs = existing.Spec.ClusterIPs;
        await client.CoreV1.ReplaceNamespacedServiceAsync(service, name, space, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new Applied("Service", space, name, "replaced");
    }

    private static async Task<T?> ReadOrNullAsync<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
