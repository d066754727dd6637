using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Model;

public sealed class NodeSpecTests
{
    [Fact]
    public void Constructor_InvalidValues_ThrowNamingTheParameter()
    {
        Assert.Equal("Name", Assert.Throws<ArgumentException>(() => new NodeSpec("", new Dictionary<string, int>())).ParamName);
        Assert.Equal("Devices", Assert.Throws<ArgumentNullException>(() => new NodeSpec("n", null!)).ParamName);
        Assert.Equal("Devices", Assert.Throws<ArgumentOutOfRangeException>(() => new NodeSpec("n", new Dictionary<string, int> { ["a100"] = -1 })).ParamName);
        Assert.Equal("Devices", Assert.Throws<ArgumentException>(() => new NodeSpec("n", new Dictionary<string, int> { [""] = 1 })).ParamName);
    }

    [Fact]
    public void Init_InvalidHostResources_ThrowNamingTheProperty()
    {
        var node = new NodeSpec("n", new Dictionary<string, int> { ["a100"] = 8 });

        Assert.Equal("CpuCores", Assert.Throws<ArgumentOutOfRangeException>(() => node with { CpuCores = -1 }).ParamName);
        Assert.Equal("CpuCores", Assert.Throws<ArgumentOutOfRangeException>(() => node with { CpuCores = double.NaN }).ParamName);
        Assert.Equal("MemoryBytes", Assert.Throws<ArgumentOutOfRangeException>(() => node with { MemoryBytes = -1 }).ParamName);
    }
}
