namespace Aios.Hardware.Tests;

public sealed class DeviceIdTests
{
    [Theory]
    [InlineData("cuda:GPU-5f2c0a1e-7d3b-4e4c-9b53-2a1d9e0f1c2b", "cuda", "GPU-5f2c0a1e-7d3b-4e4c-9b53-2a1d9e0f1c2b")]
    [InlineData("opencl:Portable Computing Language/cpu-haswell/0", "opencl", "Portable Computing Language/cpu-haswell/0")]
    [InlineData("static:rack1:gpu3", "static", "rack1:gpu3")]
    public void Parse_ProviderAndKey_RoundTrips(string text, string provider, string key)
    {
        DeviceId id = DeviceId.Parse(text);

        Assert.Equal(provider, id.Provider);
        Assert.Equal(key, id.Key);
        Assert.Equal(text, id.ToString());
    }

    [Theory]
    [InlineData("nocolon")]
    [InlineData(":key")]
    [InlineData("provider:")]
    public void Parse_Malformed_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => DeviceId.Parse(text));
    }

    [Fact]
    public void Constructor_ProviderWithColon_Throws()
    {
        Assert.Equal("provider", Assert.Throws<ArgumentException>(() => new DeviceId("a:b", "c")).ParamName);
    }

    [Theory]
    [InlineData("cuda:0", true)]
    [InlineData("static:node-03/gpu-5", true)]
    [InlineData("nocolon", false)]
    [InlineData(":key", false)]
    [InlineData("provider:", false)]
    [InlineData(null, false)]
    public void TryParse_Text_AgreesWithParse(string? text, bool valid)
    {
        Assert.Equal(valid, DeviceId.TryParse(text, out DeviceId id));
        if (valid)
        {
            Assert.Equal(DeviceId.Parse(text!), id);
        }
        else
        {
            Assert.Equal(default, id);
        }
    }
}
