namespace Aios.Cli.Serving;

/// <summary>The <c>aios models register --json</c> contract.</summary>
internal sealed record ModelsRegisterOutput(
    string Reference, string Name, int Version, int? Parent, string Id, string Manifest, int Files, int Tensors, long ParameterCount, long WeightBytes,
    long TotalBytes, int Chunks, int NewChunks, long NewBytes, long NewStoredBytes, double NewShare, IReadOnlyList<ModelsSkipped> Skipped);

/// <summary>A file <c>aios models register</c> did not register, and why.</summary>
internal sealed record ModelsSkipped(string Path, string Reason);

/// <summary>One model in <c>aios models list --json</c>.</summary>
internal sealed record ModelsListEntry(string Name, int LatestVersion, IReadOnlyDictionary<string, int> Aliases);

/// <summary>The <c>aios models list --json</c> contract.</summary>
internal sealed record ModelsListOutput(IReadOnlyList<ModelsListEntry> Models);

/// <summary>The architecture figures in <c>aios models show --json</c>.</summary>
internal sealed record ModelsArchitectureOutput(
    string? ModelType, string? Architecture, int HiddenLayers, int HiddenSize, int AttentionHeads, int KeyValueHeads, int HeadDimension, string? TorchDtype, long KvCacheBytesPerToken);

/// <summary>A file in <c>aios models show --json</c>.</summary>
internal sealed record ModelsFileOutput(string Path, long Length, bool Safetensors);

/// <summary>The <c>aios models show --json</c> contract.</summary>
internal sealed record ModelsShowOutput(
    string Reference, string Name, int Version, int? Parent, DateTimeOffset RegisteredAt, string Id, string Manifest, long ParameterCount, long WeightBytes,
    long TotalBytes, IReadOnlyDictionary<string, long> BytesByDtype, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Aliases,
    ModelsArchitectureOutput? Architecture, IReadOnlyList<ModelsFileOutput> Files, int Tensors);

/// <summary>The <c>aios models diff --json</c> contract.</summary>
internal sealed record ModelsDiffOutput(
    string From, string To, IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed, int Unchanged,
    IReadOnlyList<string> ChangedFiles, long BytesShared, long BytesNew);

/// <summary>The <c>aios models alias --json</c> contract: the alias and the version it points at now (null when removed).</summary>
internal sealed record ModelsAliasOutput(string Name, string Alias, int? Version);

/// <summary>The <c>aios models export --json</c> contract.</summary>
internal sealed record ModelsExportOutput(string Reference, int Files, long Bytes, string Output);

/// <summary>The <c>aios models verify --json</c> contract.</summary>
internal sealed record ModelsVerifyOutput(string Reference, int Files, int Chunks, IReadOnlyList<string> Problems);
