using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Aios.Testing.Kubernetes;

/// <summary>The coscheduling plugin's PodGroup custom resource (<c>scheduling.x-k8s.io/v1alpha1</c>) on a test API server: its CRD, as much of it as the scheduler reads, and PodGroup objects.</summary>
public static class KubePodGroups
{
    /// <summary>The CRD's name.</summary>
    public const string CrdName = "podgroups.scheduling.x-k8s.io";

    /// <summary>Installs the PodGroup CRD (leaving one already there) and waits until the API server serves it.</summary>
    /// <param name="client">An administrator's client.</param>
    /// <param name="cancellationToken">Cancels the requests and the wait.</param>
    /// <returns>A task that completes when the CRD is established.</returns>
    public static async Task InstallPodGroupCrdAsync(this IKubernetes client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var crd = new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = CrdName },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "scheduling.x-k8s.io",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "podgroups", Singular = "podgroup", Kind = "PodGroup", ListKind = "PodGroupList" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1alpha1",
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    },
                ],
            },
        };
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException exception) when (exception.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // installed by an earlier test against the same server
        }

        await KubeWait.UntilAsync(
            async ct => (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(CrdName, cancellationToken: ct).ConfigureAwait(false)).Status?.Conditions?.Any(c => c is { Type: "Established", Status: "True" }) == true,
            "the PodGroup CRD established",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates a PodGroup: the pods labelled <c>scheduling.x-k8s.io/pod-group: NAME</c> are a gang of at least <paramref name="minMember"/>.</summary>
    /// <param name="client">The client.</param>
    /// <param name="name">The PodGroup's name.</param>
    /// <param name="minMember">Its <c>spec.minMember</c>.</param>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is created.</returns>
    public static Task CreatePodGroupAsync(this IKubernetes client, string name, int minMember, string @namespace = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var group = new Dictionary<string, object>
        {
            ["apiVersion"] = "scheduling.x-k8s.io/v1alpha1",
            ["kind"] = "PodGroup",
            ["metadata"] = new Dictionary<string, object> { ["name"] = name, ["namespace"] = @namespace },
            ["spec"] = new Dictionary<string, object> { ["minMember"] = minMember },
        };
        return client.CustomObjects.CreateNamespacedCustomObjectAsync(group, "scheduling.x-k8s.io", "v1alpha1", @namespace, "podgroups", cancellationToken: cancellationToken);
    }

    /// <summary>Deletes a PodGroup.</summary>
    /// <param name="client">The client.</param>
    /// <param name="name">The PodGroup's name.</param>
    /// <param name="namespace">Its namespace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when it is deleted.</returns>
    public static Task DeletePodGroupAsync(this IKubernetes client, string name, string @namespace = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.CustomObjects.DeleteNamespacedCustomObjectAsync("scheduling.x-k8s.io", "v1alpha1", @namespace, "podgroups", name, cancellationToken: cancellationToken);
    }
}
