using System.Globalization;
using FsCheck;
using FsCheck.Fluent;

namespace Aios.Hardware.Cuda.Tests;

public sealed class NvmlDiscoveryTests
{
    [Theory]
    [InlineData(0, LinkKind.SamePcieSwitch)]
    [InlineData(10, LinkKind.SamePcieSwitch)]
    [InlineData(20, LinkKind.SameHostBridge)]
    [InlineData(30, LinkKind.SameHostBridge)]
    [InlineData(40, LinkKind.SameNumaNode)]
    [InlineData(50, LinkKind.CrossSocket)]
    public void ToLinkKind_NvmlTopologyLevel_MapsToTheClosestLinkKind(int level, LinkKind expected)
    {
        Assert.Equal(expected, NvmlDiscovery.ToLinkKind(level));
    }

    [Fact]
    public void ToLinkKind_UnknownLevel_IsNull()
    {
        Assert.Null(NvmlDiscovery.ToLinkKind(60));
    }

    [Theory]
    [InlineData(1u, 20e9)]
    [InlineData(2u, 25e9)]
    [InlineData(4u, 25e9)]
    [InlineData(6u, 25e9)]
    [InlineData(7u, 50e9)]
    public void NvLinkBytesPerSecond_KnownVersion_IsThePerLinkRate(uint version, double expected)
    {
        Assert.Equal(expected, NvmlDiscovery.NvLinkBytesPerSecond(version));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(5u)]
    [InlineData(8u)]
    public void NvLinkBytesPerSecond_UnknownOrAmbiguousVersion_IsNull(uint version)
    {
        Assert.Null(NvmlDiscovery.NvLinkBytesPerSecond(version));
    }

    [Theory]
    [InlineData("00000000:3B:00.0", "0000:3b:00.0")]
    [InlineData("0000:3B:00.0", "0000:3b:00.0")]
    [InlineData("00010000:07:00.0", "00010000:07:00.0")]
    [InlineData("3b:00.0", "3b:00.0")]
    public void NormalizeBusId_NvmlForm_GivesTheSysfsForm(string nvml, string expected)
    {
        Assert.Equal(expected, NvmlDiscovery.NormalizeBusId(nvml));
    }

    [Theory]
    [InlineData("GPU-6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d3e", "6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d3e")]
    [InlineData("MIG-0a0a0a0a-3333-4333-8333-000000000003", "0a0a0a0a-3333-4333-8333-000000000003")]
    public void TryParseUuid_NvmlUuid_GivesTheGuidCudaReports(string uuid, string expected)
    {
        Assert.True(NvmlDiscovery.TryParseUuid(uuid, out Guid parsed));
        Assert.Equal(Guid.Parse(expected), parsed);
    }

    [Theory]
    [InlineData("MIG-GPU-6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d3e/1/0")]
    [InlineData("6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d3e")]
    [InlineData("")]
    public void TryParseUuid_OtherForms_Fails(string uuid)
    {
        Assert.False(NvmlDiscovery.TryParseUuid(uuid, out _));
    }
}
