namespace Aios.Cli.Serving;

/// <summary>The parsed options of <c>aios serve replay</c>.</summary>
internal sealed record ServeReplayRequest(
    string TraceFile,
    string Autoscalers,
    string Objective,
    double? Minutes,
    string Device,
    string? Parameters,
    string? WeightBytes,
    string? KvBytesPerToken,
    int BatchLimit,
    bool Json,
    string? PlotFile);
