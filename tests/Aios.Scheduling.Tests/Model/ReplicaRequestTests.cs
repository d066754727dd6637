using Aios.Scheduling.Model;

namespace Aios.Scheduling.Tests.Model;

public sealed class ReplicaRequestTests
{
    [Fact]
    public void Init_InvalidValues_ThrowNamingTheProperty()
    {
        var request = new ReplicaRequest(1);

        Assert.Equal("Gpus", Assert.Throws<ArgumentOutOfRangeException>(() => new ReplicaRequest(-1)).ParamName);
        Assert.Equal("CpuCores", Assert.Throws<ArgumentOutOfRangeException>(() => request with { CpuCores = -0.5 }).ParamName);
        Assert.Equal("CpuCores", Assert.Throws<ArgumentOutOfRangeException>(() => request with { CpuCores = double.NaN }).ParamName);
        Assert.Equal("MemoryBytes", Assert.Throws<ArgumentOutOfRangeException>(() => request with { MemoryBytes = -1 }).ParamName);
    }

    [Fact]
    public void Accepts_ListedTypes_OnlyThose()
    {
        var request = new ReplicaRequest(1) { DeviceTypes = ["v100", "a100"] };

        Assert.Equal((true, true, false), (request.Accepts("a100"), request.Accepts("v100"), request.Accepts("k80")));
        Assert.True(new ReplicaRequest(1).Accepts("k80"));
    }

    [Fact]
    public void ToString_Nodes_PrintsTheNames()
    {
        var request = new ReplicaRequest(1) { Nodes = ["n0", "n1"] };

        Assert.Contains("Nodes = [n0, n1]", request.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nodes = ,", new ReplicaRequest(1).ToString(), StringComparison.Ordinal);
    }
}
