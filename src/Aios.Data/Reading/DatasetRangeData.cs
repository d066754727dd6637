namespace Aios.Data.Reading;

/// <summary>A byte range delivered by <see cref="DatasetReader.ReadRangesAsync"/>.</summary>
/// <param name="Range">The range asked for.</param>
/// <param name="Index">Its index in the request.</param>
/// <param name="Data">The bytes (shorter than asked at the end of the file), verified; a pooled buffer reused once the
/// enumeration advances when <see cref="DatasetReaderOptions.ReuseBuffers"/> is set.</param>
public readonly record struct DatasetRangeData(DatasetRange Range, int Index, ReadOnlyMemory<byte> Data);
