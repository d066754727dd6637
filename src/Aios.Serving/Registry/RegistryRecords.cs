using System.Text.Json.Serialization;

namespace Aios.Serving.Registry;

// The registry's stored records. Each is serialized once (property order fixed by declaration, maps sorted by key) and
// named by the SHA-256 of those bytes; a read checks the bytes against the name before parsing them.

/// <summary>A version's record (<c>aios-model/1</c>): immutable, content-addressed.</summary>
internal sealed class VersionRecord
{
    public const string CurrentFormat = "aios-model/1";

    public string Format { get; set; } = CurrentFormat;

    public string Name { get; set; } = string.Empty;

    public int Version { get; set; }

    public int? Parent { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public string Manifest { get; set; } = string.Empty;

    public long ParameterCount { get; set; }

    public long WeightBytes { get; set; }

    public long TotalBytes { get; set; }

    public SortedDictionary<string, long> BytesByDtype { get; set; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Labels { get; set; } = new(StringComparer.Ordinal);

    public ModelArchitecture? Architecture { get; set; }

    public List<FileRecord> Files { get; set; } = [];

    public List<TensorRecord> Tensors { get; set; } = [];
}

internal sealed class FileRecord
{
    public string Path { get; set; } = string.Empty;

    public long Length { get; set; }

    public bool Safetensors { get; set; }

    public long? HeaderLength { get; set; }
}

internal sealed class TensorRecord
{
    public string File { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Dtype { get; set; } = string.Empty;

    public long[] Shape { get; set; } = [];

    public long Offset { get; set; }

    public long Length { get; set; }

    public string Content { get; set; } = string.Empty;
}

/// <summary>The registry's index (<c>aios-model-index/1</c>): every name's versions and aliases; HEAD names the current one.</summary>
internal sealed class IndexRecord
{
    public const string CurrentFormat = "aios-model-index/1";

    public string Format { get; set; } = CurrentFormat;

    public string? Previous { get; set; }

    public List<ModelEntry> Models { get; set; } = [];
}

internal sealed class ModelEntry
{
    public string Name { get; set; } = string.Empty;

    /// <summary>The version records' ids: element i is version i + 1.</summary>
    public List<string> Versions { get; set; } = [];

    public SortedDictionary<string, int> Aliases { get; set; } = new(StringComparer.Ordinal);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(VersionRecord))]
[JsonSerializable(typeof(IndexRecord))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
