using Aios.Hardware.Resources;

namespace Aios.Hardware.Tests.Resources;

public sealed class ModelKeyTests
{
    [Theory]
    [InlineData("NVIDIA A100-SXM4-80GB", "NVIDIA", "a100")]
    [InlineData("NVIDIA A100-PCIE-40GB", "NVIDIA Corporation", "a100")]
    [InlineData("NVIDIA H100 80GB HBM3", "NVIDIA", "h100")]
    [InlineData("NVIDIA H100 NVL", "", "h100")]
    [InlineData("Tesla V100-SXM2-16GB", "NVIDIA", "v100")]
    [InlineData("NVIDIA GeForce RTX 4090", "NVIDIA", "geforce-rtx-4090")]
    [InlineData("Intel(R) Xeon(R) Platinum 8480+ CPU @ 2.00GHz", "GenuineIntel", "xeon-platinum-8480+")]
    [InlineData("AMD Instinct MI300X", "AMD", "instinct-mi300x")]
    [InlineData("Alveo U250", "Xilinx", "alveo-u250")]
    [InlineData("a100", "", "a100")]
    [InlineData("NVIDIA", "NVIDIA", "nvidia")]
    [InlineData("", "", "unknown")]
    public void Normalize_MarketingNames_GiveTheModelKey(string name, string vendor, string expected)
    {
        Assert.Equal(expected, ModelKey.Normalize(name, vendor));
    }

    [Fact]
    public void Of_DeviceWithModelAttribute_UsesItLowerCased()
    {
        var device = new Device
        {
            Id = new DeviceId("static", "g"),
            Kind = DeviceKind.Gpu,
            Vendor = "NVIDIA",
            Name = "NVIDIA A100-SXM4-80GB",
            Attributes = new Dictionary<string, DeviceAttribute> { [HardwareAttributeNames.Model] = DeviceAttribute.FromString(" A100-80 ") },
        };

        Assert.Equal("a100-80", ModelKey.Of(device));
        Assert.Equal("a100", ModelKey.Of(device with { Attributes = new Dictionary<string, DeviceAttribute>() }));
    }

    [Fact]
    public void Arguments_Null_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => ModelKey.Of(null!));
        Assert.Throws<ArgumentNullException>(() => ModelKey.Normalize(null!, ""));
        Assert.Throws<ArgumentNullException>(() => ModelKey.Normalize("", null!));
    }
}
