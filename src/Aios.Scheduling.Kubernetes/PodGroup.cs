using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Aios.Scheduling.Kubernetes;

/// <summary>The coscheduling plugin's <c>PodGroup</c> (<c>scheduling.x-k8s.io/v1alpha1</c>): the pods labelled with its
/// name are one gang of at least <c>spec.minMember</c>. Only what the scheduler reads is modelled.</summary>
internal sealed class PodGroup : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "scheduling.x-k8s.io";
    public const string Version = "v1alpha1";
    public const string Plural = "podgroups";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PodGroup";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public PodGroupSpec? Spec { get; set; }
}

/// <summary>A <see cref="PodGroup"/>'s spec.</summary>
internal sealed class PodGroupSpec
{
    [JsonPropertyName("minMember")]
    public int? MinMember { get; set; }
}

/// <summary>A list of <see cref="PodGroup"/> objects.</summary>
internal sealed class PodGroupList : IKubernetesObject<V1ListMeta>, IItems<PodGroup>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = $"{PodGroup.Group}/{PodGroup.Version}";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PodGroupList";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<PodGroup> Items { get; set; } = [];
}
