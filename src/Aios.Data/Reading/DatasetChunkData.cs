using System.Globalization;
using System.Text;
using Aios.Data.Sampling;

namespace Aios.Data.Reading;

/// <summary>A chunk delivered by a <see cref="DatasetReader"/>.</summary>
/// <remarks>
/// The data is the caller's to keep. By default it is an array no one writes again (the memory tier's own on hits, a
/// new one per miss). With <see cref="DatasetReaderOptions.PooledBuffers"/> it is a buffer rented for this chunk alone:
/// the reader never reuses it, and <see cref="Dispose"/> returns it to the pool — after which <see cref="Data"/> throws
/// <see cref="ObjectDisposedException"/>. Disposing is harmless (and does nothing) for data that is not pooled.
/// </remarks>
public readonly record struct DatasetChunkData : IDisposable
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly RentedBuffer? _rented;

    /// <summary>Initializes a delivered chunk over data the caller owns.</summary>
    /// <param name="chunk">Which chunk.</param>
    /// <param name="position">The read's position in the reader's schedule (0 for the first read).</param>
    /// <param name="sample">Where the read is in the sampler's epochs (resume at <c>Sample.Next(…)</c> to continue after it);
    /// for reads in a given order, epoch 0 and the index into that order.</param>
    /// <param name="data">The verified content.</param>
    public DatasetChunkData(DatasetChunk chunk, long position, SamplerPosition sample, ReadOnlyMemory<byte> data)
    {
        Chunk = chunk;
        Position = position;
        Sample = sample;
        _data = data;
    }

    internal DatasetChunkData(DatasetChunk chunk, long position, SamplerPosition sample, RentedBuffer rented, int length)
        : this(chunk, position, sample, ReadOnlyMemory<byte>.Empty)
    {
        _rented = rented;
        Length = length;
    }

    /// <summary>Gets which chunk.</summary>
    public DatasetChunk Chunk { get; }

    /// <summary>Gets the read's position in the reader's schedule (0 for the first read).</summary>
    public long Position { get; }

    /// <summary>Gets where the read is in the sampler's epochs.</summary>
    public SamplerPosition Sample { get; }

    /// <summary>Gets the verified content.</summary>
    /// <exception cref="ObjectDisposedException">The data was pooled and has been disposed.</exception>
    public ReadOnlyMemory<byte> Data => _rented is null ? _data : _rented.Array.AsMemory(0, Length);

    private int Length { get; }

    /// <summary>Returns a pooled buffer to the pool (once, whichever copy of this value is disposed); does nothing otherwise.</summary>
    public void Dispose() => _rented?.Return();

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Chunk = {Chunk}, Position = {Position}, Sample = {Sample}, Data = {Printing.Bytes(_rented is null ? _data.Length : Length)}");
        return true;
    }
}
