using System.Globalization;
using System.Text;

namespace Aios.Data.Reading;

/// <summary>A byte range delivered by <see cref="DatasetReader.ReadRangesAsync"/>.</summary>
/// <remarks>
/// The bytes are the caller's to keep, as with <see cref="DatasetChunkData"/>: a new array by default, or with
/// <see cref="DatasetReaderOptions.PooledBuffers"/> a buffer rented for this range alone that <see cref="Dispose"/>
/// returns to the pool.
/// </remarks>
public readonly record struct DatasetRangeData : IDisposable
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly RentedBuffer? _rented;

    /// <summary>Initializes a delivered range over data the caller owns.</summary>
    /// <param name="range">The range asked for.</param>
    /// <param name="index">Its index in the request.</param>
    /// <param name="data">The bytes (shorter than asked at the end of the file), verified.</param>
    public DatasetRangeData(DatasetRange range, int index, ReadOnlyMemory<byte> data)
    {
        Range = range;
        Index = index;
        _data = data;
    }

    internal DatasetRangeData(DatasetRange range, int index, RentedBuffer rented, int length)
        : this(range, index, ReadOnlyMemory<byte>.Empty)
    {
        _rented = rented;
        Length = length;
    }

    /// <summary>Gets the range asked for.</summary>
    public DatasetRange Range { get; }

    /// <summary>Gets its index in the request.</summary>
    public int Index { get; }

    /// <summary>Gets the bytes (shorter than asked at the end of the file), verified.</summary>
    /// <exception cref="ObjectDisposedException">The data was pooled and has been disposed.</exception>
    public ReadOnlyMemory<byte> Data => _rented is null ? _data : _rented.Array.AsMemory(0, Length);

    private int Length { get; }

    /// <summary>Returns a pooled buffer to the pool (once, whichever copy of this value is disposed); does nothing otherwise.</summary>
    public void Dispose() => _rented?.Return();

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Range = {Range}, Index = {Index}, Data = {Printing.Bytes(_rented is null ? _data.Length : Length)}");
        return true;
    }
}
