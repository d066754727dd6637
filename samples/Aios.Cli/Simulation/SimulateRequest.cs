namespace Aios.Cli.Simulation;

/// <summary>What <c>aios simulate</c> was asked, as typed: the options before any validation.</summary>
internal sealed record SimulateRequest(
    string TraceFile,
    string Format,
    string? ThroughputsFile,
    string? ClusterFile,
    string? Gpus,
    int GpusPerNode,
    string Policy,
    bool Backfill,
    string Placement,
    int Seed,
    bool Json,
    string? EventsFile,
    int? Limit,
    double RestartOverhead,
    double? StarvationFactor,
    string? LasThresholds);
