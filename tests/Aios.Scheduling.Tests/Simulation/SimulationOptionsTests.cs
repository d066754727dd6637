using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;

namespace Aios.Scheduling.Tests.Simulation;

public sealed class SimulationOptionsTests
{
    private static ClusterSpec Cluster => ClusterSpec.FromGpuCounts([new("a100", 8)], gpusPerNode: 8);

    [Theory]
    [InlineData(nameof(SimulationOptions.UtilizationIntervalSeconds))]
    [InlineData(nameof(SimulationOptions.MaxUtilizationSamples))]
    [InlineData(nameof(SimulationOptions.WallClock))]
    public void Simulator_InvalidOption_ThrowsNamingIt(string option)
    {
        SimulationOptions options = option switch
        {
            nameof(SimulationOptions.UtilizationIntervalSeconds) => new SimulationOptions { UtilizationIntervalSeconds = 0 },
            nameof(SimulationOptions.MaxUtilizationSamples) => new SimulationOptions { MaxUtilizationSamples = 1 },
            _ => new SimulationOptions { WallClock = null! },
        };

        var exception = Assert.ThrowsAny<ArgumentException>(() => new Simulator(Cluster, options));

        Assert.Equal(option, exception.ParamName);
    }

    [Fact]
    public void Simulator_OptionsChangedAfterConstruction_KeepsItsCopy()
    {
        var options = new SimulationOptions { PolicyName = "mine", Seed = 3, MaxUtilizationSamples = 16 };
        var simulator = new Simulator(Cluster, options);

        options.PolicyName = "changed";
        options.Seed = 4;
        options.MaxUtilizationSamples = 0;
        SimulationResult result = simulator.Run([new SimulationJob(JobSpec.WithGpus("a", 4) with { Duration = 60 }, 0)], TestContext.Current.CancellationToken);

        Assert.Equal(("mine", 3), (result.PolicyName, result.Seed));
        Assert.Equal(16, simulator.Options.MaxUtilizationSamples);
    }
}
