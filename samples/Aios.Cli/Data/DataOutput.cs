using System.Text.Json.Serialization;

namespace Aios.Cli.Data;

/// <summary>The <c>aios data analyze --json</c> contract.</summary>
internal sealed record AnalyzeOutput(
    int Files,
    long Bytes,
    long StoredBytes,
    double Ratio,
    double EntropyBitsPerByte,
    IReadOnlyList<AnalyzeChunk> Chunks,
    IReadOnlyList<AnalyzeFile> PerFile);

/// <summary>One chunk of <c>aios data analyze --json</c>: <c>storedBytes</c> is the codec's output (without the store's 32-byte header).</summary>
internal sealed record AnalyzeChunk(string File, long Offset, int Length, double Entropy, string Codec, int StoredBytes, string Reason, [property: JsonIgnore] string Rule);

/// <summary>One file's totals in <c>aios data analyze --json</c>.</summary>
internal sealed record AnalyzeFile(string File, long Bytes, long StoredBytes, double Ratio, double EntropyBitsPerByte);

/// <summary>The <c>aios data pack --json</c> contract: <c>skipped</c> lists the entries not packed (links, FIFOs, sockets, devices) with the reason.</summary>
internal sealed record PackOutput(string Manifest, int Files, long Bytes, int Chunks, int UniqueChunks, long StoredBytes, int NewChunks, long NewStoredBytes, double Ratio, string Chunking, IReadOnlyList<PackSkipped> Skipped);

/// <summary>An entry <c>aios data pack</c> did not pack, and why.</summary>
internal sealed record PackSkipped(string Path, string Reason);

/// <summary>The <c>aios data unpack --json</c> output.</summary>
internal sealed record UnpackOutput(string Manifest, int Files, long Bytes, string Output);

/// <summary>The <c>aios data verify --json</c> contract: <c>corrupt</c> lists the ids (or paths, for misplaced files) of corrupt chunks and manifests.</summary>
internal sealed record VerifyOutput(
    int Chunks,
    IReadOnlyList<string> Corrupt,
    int Manifests,
    IReadOnlyList<VerifyMissing> Missing,
    int TemporaryFiles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] IReadOnlyList<VerifyProblem> Problems);

/// <summary>A chunk a manifest names that is not stored.</summary>
internal sealed record VerifyMissing(string Manifest, string File, string Chunk);

/// <summary>Why one object failed verification.</summary>
internal sealed record VerifyProblem(string Id, string Path, string Reason);

/// <summary>
/// The <c>aios data cache-sim --json</c> contract: <c>hitRate</c> is over all epochs, <c>hitRatePerEpoch</c> has one
/// rate per epoch, the cold first one included; <c>cacheChunks</c> is ⌊cacheFraction · datasetChunks⌋.
/// </summary>
internal sealed record CacheSimOutput(
    string Policy,
    double HitRate,
    IReadOnlyList<double> HitRatePerEpoch,
    int DatasetChunks,
    double CacheFraction,
    long CacheChunks,
    int Epochs,
    ulong Seed,
    long Hits,
    long Accesses,
    long Evictions,
    int Jobs);

/// <summary>
/// The <c>aios data read --json</c> contract: <c>chunks</c> and <c>bytes</c> are the dataset's (one epoch, like
/// <c>bytesPerEpoch</c>); <c>chunksRead</c> and <c>bytesRead</c> are over all epochs. <c>tiers</c> lists memory first,
/// then the tiers below it in reading order; <c>hitRatePerEpoch</c> is the memory tier's.
/// </summary>
internal sealed record ReadOutput(
    string Manifest,
    int Epochs,
    int Chunks,
    long Bytes,
    long BytesPerEpoch,
    long ChunksRead,
    long BytesRead,
    double Seconds,
    double ThroughputBytesPerSecond,
    double StallSeconds,
    string Policy,
    long CacheBytes,
    int Prefetch,
    ulong Seed,
    long MaxPrefetchedBytes,
    IReadOnlyList<ReadTier> Tiers,
    IReadOnlyList<double> HitRatePerEpoch);

/// <summary>What one tier served during <c>aios data read</c>; <c>capacityBytes</c> is null for a tier without a budget of its own.</summary>
internal sealed record ReadTier(
    string Tier,
    long Hits,
    long Misses,
    long Corrupt,
    long Errors,
    long Skipped,
    double HitRate,
    long BytesRead,
    long Writes,
    long Evictions,
    long UsedBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? CapacityBytes);
