using System.Numerics;

namespace Aios.Data.Chunking;

/// <summary>
/// The gear table and cut masks of FastCDC (Xia et al., "FastCDC: a Fast and Efficient Content-Defined Chunking Approach
/// for Data Deduplication", USENIX ATC'16; and "The Design of Fast Content-Defined Chunking for Data Deduplication Based
/// Storage Systems", IEEE TPDS 31(9), 2020). The rolling fingerprint is fp ← (fp ≪ 1) + Gear[b] over 64 bits, so
/// bit j of fp depends on the last j + 1 bytes only.
/// </summary>
/// <remarks>
/// <para>
/// <b>On-disk format.</b> The table and the masks decide where chunks are cut, so they are part of every chunk store's
/// format: deduplication across versions of Aios only works while both stay bit-for-bit identical. They are generated,
/// not stored: <see cref="Table"/> is 256 consecutive outputs of SplitMix64 (Steele, Lea and Flood, "Fast Splittable
/// Pseudorandom Number Generators", OOPSLA 2014) from the seed <see cref="Seed"/>, and <see cref="SpreadMask"/> places
/// its one-bits by a fixed formula. Tests pin both and the cut points of a seeded input; never change them.
/// </para>
/// </remarks>
internal static class GearHash
{
    /// <summary>The SplitMix64 seed of the gear table: the ASCII bytes of "FastCDC!" read as a big-endian integer.</summary>
    internal const ulong Seed = 0x4661_7374_4344_4321;

    /// <summary>The bytes rolled before the first test: mask bits stay below bit 63, so a test depends on the last 63 bytes at most.</summary>
    internal const int WindowLength = 64;

    /// <summary>The lowest bit a mask uses: a cut then depends on at least 17 bytes, as in the paper's masks (bits 16–47).</summary>
    private const int LowestMaskBit = 16;

    /// <summary>The number of bit positions a mask spreads over: bits 16–62, so that a cut depends on at most 63 bytes.</summary>
    private const int MaskBitSpan = 47;

    /// <summary>Gets Gear[b] for each byte value b.</summary>
    internal static readonly ulong[] Table = CreateTable();

    /// <summary>Returns the next output of SplitMix64 and advances its state.</summary>
    /// <param name="state">The generator state.</param>
    /// <returns>64 pseudo-random bits.</returns>
    internal static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E37_79B9_7F4A_7C15;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A mask of <paramref name="bits"/> one-bits spread over bits 16–62, at 16 + ⌊47 i / bits⌋ for i = 0 … bits − 1.
    /// Spreading the bits (rather than using the low-order ones) widens the window a cut depends on to up to 63 bytes,
    /// which is the ATC'16 paper's "enhanced hash judgment": the low bits of a gear hash see too few bytes.
    /// </summary>
    /// <param name="bits">The number of one-bits, in [1, 47].</param>
    /// <returns>The mask; a random fingerprint matches it (fp &amp; mask = 0) with probability 2^−bits.</returns>
    internal static ulong SpreadMask(int bits)
    {
        ulong mask = 0;
        for (int i = 0; i < bits; i++)
        {
            mask |= 1UL << (LowestMaskBit + (MaskBitSpan * i / bits));
        }

        return mask;
    }

    /// <summary>round(log₂ <paramref name="length"/>) in integer arithmetic, so that it cannot depend on floating point.</summary>
    /// <param name="length">A positive length.</param>
    /// <returns>The exponent of the nearest power of two on a logarithmic scale (2^(k+½) rounds up).</returns>
    internal static int RoundedLog2(int length)
    {
        int floor = BitOperations.Log2((uint)length);

        // length ≥ 2^(floor + ½) ⇔ length² ≥ 2^(2 floor + 1); length ≤ 2^26, so the square fits in a long.
        return (long)length * length >= 1L << ((2 * floor) + 1) ? floor + 1 : floor;
    }

    private static ulong[] CreateTable()
    {
        var table = new ulong[256];
        ulong state = Seed;
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = SplitMix64(ref state);
        }

        return table;
    }
}
