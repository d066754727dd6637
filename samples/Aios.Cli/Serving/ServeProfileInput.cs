namespace Aios.Cli.Serving;

/// <summary>One measured replica profile in a <c>--profiles</c> file (a JSON array of these).</summary>
internal sealed record ServeProfileInput
{
    public string? DeviceType { get; init; }
    public int? GpusPerReplica { get; init; }
    public double PrefillTokensPerSecond { get; init; }
    public double DecodeStepBaseSeconds { get; init; }
    public double DecodeStepPerSequenceSeconds { get; init; }
    public int? MaxBatchSize { get; init; }
    public long KvCacheTokens { get; init; }
    public double ColdStartSeconds { get; init; }
    public double CostPerHour { get; init; }
}
