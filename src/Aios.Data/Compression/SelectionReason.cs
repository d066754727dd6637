namespace Aios.Data.Compression;

/// <summary>Why a <see cref="CodecSelector"/> stored a chunk the way it did.</summary>
public enum SelectionReason
{
    /// <summary>The chunk is empty: stored raw (nothing to store).</summary>
    Empty = 0,

    /// <summary>Every byte has the same value (zero pages, padding): stored as that one byte.</summary>
    Constant,

    /// <summary>The sampled entropy reached <see cref="CodecSelectorOptions.RawEntropyThreshold"/>: random or already compressed, stored raw without a trial.</summary>
    HighEntropy,

    /// <summary>The trials predicted that no codec saves <see cref="CodecSelectorOptions.MinimumSavings"/>: stored raw.</summary>
    NoCodecPays,

    /// <summary>LZ4 saves enough and Zstandard would not save <see cref="CodecSelectorOptions.ZstdMinimumAdditionalSavings"/> more: LZ4, the faster decoder.</summary>
    Lz4Pays,

    /// <summary>Zstandard saves enough, and more than LZ4 by at least <see cref="CodecSelectorOptions.ZstdMinimumAdditionalSavings"/> (or LZ4 does not pay).</summary>
    ZstdPays,

    /// <summary>The chosen codec was tried on the whole chunk and saved less than <see cref="CodecSelectorOptions.MinimumSavings"/>: stored raw (ZFS's rule).</summary>
    BelowMinimumSavings,

    /// <summary>The selector was told to use one codec (<see cref="CodecSelectorOptions.FixedCodec"/>).</summary>
    Fixed,
}
