using Aios.Data.Sampling;

namespace Aios.Data.Reading;

/// <summary>A chunk delivered by a <see cref="DatasetReader"/>.</summary>
/// <param name="Chunk">Which chunk.</param>
/// <param name="Position">The read's position in the reader's schedule (0 for the first read).</param>
/// <param name="Sample">Where the read is in the sampler's epochs (resume at <c>Sample.Next(…)</c> to continue after it);
/// for reads in a given order, epoch 0 and the index into that order.</param>
/// <param name="Data">The verified content. Read-only: it may be the memory tier's own array; it stays valid after the next read.</param>
public readonly record struct DatasetChunkData(DatasetChunk Chunk, long Position, SamplerPosition Sample, ReadOnlyMemory<byte> Data);
