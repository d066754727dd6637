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
    bool Json);
