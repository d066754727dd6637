namespace Aios.Cli.Serving;

/// <summary>
/// The Kubernetes options of <c>aios serve plan</c>: write the plan's Deployment and Service to <see cref="File"/>
/// (never over an existing file unless <see cref="Overwrite"/>), and/or <see cref="Apply"/> them to the cluster.
/// </summary>
internal sealed record ServeManifestRequest(
    string? File,
    bool Overwrite,
    bool Apply,
    string? Kubeconfig,
    string? Image,
    string Namespace,
    string? SchedulerName,
    string? Queue,
    string? DeviceProduct,
    IReadOnlyList<string> Arguments);
