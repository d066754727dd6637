namespace Aios.Cli.Serving;

/// <summary>The parsed options of <c>aios serve plan</c>.</summary>
internal sealed record ServePlanRequest(
    string? Model,
    string? Parameters,
    string? WeightBytes,
    string? KvBytesPerToken,
    double? Rate,
    string? TraceFile,
    double? PromptTokens,
    double? OutputTokens,
    string Objective,
    string? ProfilesFile,
    string? ClusterFile,
    double ReplaySeconds,
    bool Json)
{
    /// <summary>Gets the registry's store for <see cref="Model"/> (<c>--store</c>; null: <c>$AIOS_STORE</c>).</summary>
    public string? Store { get; init; }

    /// <summary>Gets what to do with the plan on Kubernetes (<c>--manifests</c>, <c>--apply</c>), or null for nothing.</summary>
    public ServeManifestRequest? Manifests { get; init; }
}
