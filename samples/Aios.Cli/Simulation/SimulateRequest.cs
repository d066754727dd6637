namespace Aios.Cli.Simulation;

/// <summary>What <c>aios simulate</c> was asked, as typed: the options before any validation.</summary>
/// <remarks><see cref="Policy"/> is one policy or a comma list of them (each simulated on the same trace and cluster).</remarks>
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
    string? LasThresholds,
    string? PlotFile = null,
    bool Overwrite = false,
    double RoundSeconds = 360);
