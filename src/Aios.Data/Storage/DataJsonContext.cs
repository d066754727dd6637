using System.Text.Json.Serialization;

namespace Aios.Data.Storage;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(DatasetManifest))]
internal sealed partial class DataJsonContext : JsonSerializerContext;
