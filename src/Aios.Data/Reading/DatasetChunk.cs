using Aios.Data.Storage;

namespace Aios.Data.Reading;

/// <summary>One chunk of a dataset as a <see cref="DatasetReader"/> numbers it: the i-th chunk over the manifest's files in order.</summary>
/// <param name="Index">Its index, 0 … chunks − 1 (what an <see cref="Sampling.EpochSampler"/> over the dataset draws).</param>
/// <param name="File">The file it belongs to (the manifest's relative path).</param>
/// <param name="Offset">Its offset in the file.</param>
/// <param name="Length">Its length.</param>
/// <param name="Id">Its content id (chunks with equal content share it, and one cache entry).</param>
public readonly record struct DatasetChunk(int Index, string File, long Offset, int Length, ContentId Id);
