namespace Aios.Serving.Manifests;

/// <summary>
/// What the Kubernetes objects of one served model say: its name, image, replicas and each replica's GPUs, where the
/// replicas may run and which scheduler places them. Plain options: <see cref="ServingManifests"/> validates them and
/// names every bad value.
/// </summary>
public sealed class ServingManifestOptions
{
    /// <summary>Gets or sets the name of the Deployment and the Service: a DNS-1035 label (lower-case letters, digits
    /// and '-', starting with a letter, at most 63 characters). <see cref="ServingManifests.NameFor"/> makes one from a
    /// model's name and version. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>Gets or sets the namespace of both objects (a DNS-1123 label). Default <c>default</c>.</summary>
    public string Namespace { get; set; } = "default";

    /// <summary>Gets or sets the container image of the model server (no whitespace). Required.</summary>
    public string Image { get; set; } = "";

    /// <summary>Gets or sets the number of replicas, 0 to 100,000. Default 1.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Gets or sets the GPUs each replica requests (request = limit, as extended resources require), 0 to 65,536.
    /// Default 1.</summary>
    public int GpusPerReplica { get; set; } = 1;

    /// <summary>Gets or sets the extended resource the GPUs are counted in. Default <c>nvidia.com/gpu</c>.</summary>
    public string GpuResource { get; set; } = "nvidia.com/gpu";

    /// <summary>Gets or sets the value the replicas' nodes must carry in <see cref="DeviceProductLabel"/> (the device type
    /// the plan chose, as GPU feature discovery names it, e.g. <c>NVIDIA-A100-SXM4-80GB</c>), or null for any node.</summary>
    public string? DeviceProduct { get; set; }

    /// <summary>Gets or sets the node label <see cref="DeviceProduct"/> is matched against. Default
    /// <c>nvidia.com/gpu.product</c> (NVIDIA GPU feature discovery's label, the Kubernetes adapter's default too).</summary>
    public string DeviceProductLabel { get; set; } = "nvidia.com/gpu.product";

    /// <summary>Gets or sets the scheduler that places the replicas (<c>aios</c> for the Aios scheduler of
    /// Aios.Scheduling.Kubernetes), or null for the cluster's default scheduler. Default null.</summary>
    public string? SchedulerName { get; set; }

    /// <summary>Gets or sets the Aios queue the replicas are charged to (label <c>aios.dev/queue</c>), or null.</summary>
    public string? Queue { get; set; }

    /// <summary>Gets or sets the port the model server listens on, 1 to 65,535. Default 8000.</summary>
    public int ContainerPort { get; set; } = 8000;

    /// <summary>Gets or sets the port the Service exposes, 1 to 65,535. Default 80.</summary>
    public int ServicePort { get; set; } = 80;

    /// <summary>Gets or sets the HTTP path of the readiness probe (starting with '/'), or null for none. Default
    /// <c>/health</c>. A replica joins the Service only when it answers, so a cold start takes no traffic.</summary>
    public string? ReadinessPath { get; set; } = "/health";

    /// <summary>Gets or sets the seconds the readiness probe waits before its first try, 0 to 86,400: the replica's
    /// expected cold start. Default 0.</summary>
    public int ReadinessDelaySeconds { get; set; }

    /// <summary>Gets the container's arguments, in order.</summary>
    public IList<string> Arguments { get; } = [];

    /// <summary>Gets the container's environment variables (names of letters, digits, '_', '-' or '.', not starting with a digit).</summary>
    public IDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the labels added to the Deployment, its pods and the Service (Kubernetes label syntax).</summary>
    public IDictionary<string, string> Labels { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets the annotations added to the Deployment and its pods (keys in label-key syntax).</summary>
    public IDictionary<string, string> Annotations { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
