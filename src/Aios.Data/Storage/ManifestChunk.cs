using System.Text.Json.Serialization;

namespace Aios.Data.Storage;

/// <summary>One chunk of a file in a <see cref="DatasetManifest"/>; its offset is the sum of the lengths before it.</summary>
/// <param name="Id">The chunk's id.</param>
/// <param name="Length">Its content length.</param>
public readonly record struct ManifestChunk(
    [property: JsonConverter(typeof(ContentIdJsonConverter))] ContentId Id,
    int Length);
