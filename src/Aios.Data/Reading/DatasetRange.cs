namespace Aios.Data.Reading;

/// <summary>A byte range of one file of a dataset — a training sample, a record, a tensor.</summary>
/// <param name="File">The file's path as in the manifest.</param>
/// <param name="Offset">Where the range starts, in [0, file length].</param>
/// <param name="Length">How many bytes, ≥ 0 (fewer are delivered when the file ends first).</param>
public readonly record struct DatasetRange(string File, long Offset, int Length);
