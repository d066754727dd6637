using System.Numerics;
using Aios.Data.Chunking;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Data.Tests.Chunking;

public sealed class GearHashTests
{
    [Fact]
    public void SplitMix64_SeedZero_GivesThePublishedFirstOutputs()
    {
        ulong state = 0;

        Assert.Equal(0xE220A8397B1DCDAFUL, GearHash.SplitMix64(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, GearHash.SplitMix64(ref state));
        Assert.Equal(0x06C45D188009454FUL, GearHash.SplitMix64(ref state));
    }

    [Fact]
    public void Table_IsPinned()
    {
        Assert.Equal(256, GearHash.Table.Length);
        Assert.Equal([0xA54912A310288CD3UL, 0x9381F16F68BAA190UL, 0x9FEECA5F545DA8A3UL, 0x11316EA762FF143EUL, 0xDADAE34675CC38C3UL], [GearHash.Table[0], GearHash.Table[1], GearHash.Table[2], GearHash.Table[3], GearHash.Table[255]]);
    }

    [Fact]
    public void Table_IsSplitMix64FromTheDocumentedSeed()
    {
        Assert.Equal(0x4661737443444321UL, GearHash.Seed);
        Assert.Equal(ChunkingTestData.ReferenceGear, GearHash.Table);
    }

    [Fact]
    public void SpreadMask_AnyBitCount_HasThatManyBitsSpreadOverBits16To62()
    {
        for (int bits = 1; bits <= 47; bits++)
        {
            ulong mask = GearHash.SpreadMask(bits);

            Assert.Equal(bits, BitOperations.PopCount(mask));
            Assert.Equal(0UL, mask & 0xFFFF);
            Assert.Equal(0UL, mask >> 63);
            Assert.Equal(ChunkingTestData.ReferenceMask(bits), mask);
        }
    }

    [Fact]
    public void SpreadMask_DefaultOptions_IsPinned()
    {
        Assert.Equal(0x1292_9494_A4A5_0000UL, GearHash.SpreadMask(18));
        Assert.Equal(0x0912_4491_2449_0000UL, GearHash.SpreadMask(14));
    }

    [Property(MaxTest = 5000, Arbitrary = [typeof(ChunkingArbitraries)])]
    public Property RoundedLog2_AnyLength_IsTheNearestExponent(SupportedLength length)
    {
        int value = length.Value;
        return (GearHash.RoundedLog2(value) == (int)Math.Round(Math.Log2(value))).Label($"{value}");
    }

    [Fact]
    public void RoundedLog2_EitherSideOfEachHalfExponent_RoundsToTheNearer()
    {
        for (int exponent = 0; exponent < 26; exponent++)
        {
            int below = (int)Math.Floor(Math.Pow(2, exponent + 0.5));

            Assert.Equal(exponent, GearHash.RoundedLog2(below));
            Assert.Equal(exponent + 1, GearHash.RoundedLog2(below + 1));
        }
    }
}
