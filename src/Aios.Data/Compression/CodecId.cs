namespace Aios.Data.Compression;

/// <summary>
/// The codecs a stored chunk can name in its header. The numeric values are part of the on-disk format: never renumber.
/// </summary>
public enum CodecId : byte
{
    /// <summary>The bytes as they are.</summary>
    Raw = 0,

    /// <summary>A chunk of one repeated byte value, stored as that single byte.</summary>
    Constant = 1,

    /// <summary>An LZ4 block (K4os.Compression.LZ4), decompressed at several GB/s.</summary>
    Lz4 = 2,

    /// <summary>A Zstandard frame (ZstdSharp.Port): better ratios than LZ4, about a third of its decompression speed.</summary>
    Zstd = 3,

    /// <summary>A Brotli stream (the BCL's <c>System.IO.Compression</c>), for comparison.</summary>
    Brotli = 4,

    /// <summary>A raw Deflate stream (the BCL's <c>System.IO.Compression</c>), for comparison.</summary>
    Deflate = 5,
}
