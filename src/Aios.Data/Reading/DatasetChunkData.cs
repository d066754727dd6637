using Aios.Data.Sampling;

namespace Aios.Data.Reading;

/// <summary>A chunk delivered by a <see cref="DatasetReader"/>.</summary>
/// <param name="Chunk">Which chunk.</param>
/// <param name="Position">The read's position in the reader's schedule (0 for the first read).</param>
/// <param name="Sample">Where the read is in the sampler's epochs (resume at <c>Sample.Next(…)</c> to continue after it);
/// for reads in a given order, epoch 0 and the index into that order.</param>
/// <param name="Data">The verified content. With <see cref="DatasetReaderOptions.ReuseBuffers"/> (the default) it lives in a
/// pooled buffer that is reused once the enumeration advances: copy what must outlive the iteration. Without it, it is an
/// array that stays valid (the memory tier's own on hits: do not modify it).</param>
public readonly record struct DatasetChunkData(DatasetChunk Chunk, long Position, SamplerPosition Sample, ReadOnlyMemory<byte> Data);
