// <snippet:queueing-simulation>
using Aios.Queueing.Simulation;
// </snippet:queueing-simulation>
using Aios.Queueing;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of docs/queueing-simulation.md.</summary>
public sealed class QueueingSimulationSnippets
{
    [Fact]
    public void Overview_TwoPriorityClasses_HighClassWaitsLess()
    {
        using var sandbox = new DocsSandbox();

        // <snippet:queueing-simulation>
        var options = new QueueSimulationOptions { Servers = 4, Capacity = 20, Discipline = QueueSimulationDiscipline.NonPreemptivePriority };
        options.Classes.Add(new QueueSimulationClass(6.0, ServiceDistribution.FromMeanAndScv(0.2, 0.5)) { Name = "interactive" });
        options.Classes.Add(new QueueSimulationClass(ServiceDistribution.Hyperexponential(0.5, 3), ServiceDistribution.Exponential(2)) { Name = "batch" });
        QueueSimulationResult result = QueueSimulator.Run(options);
        Console.WriteLine(result.Classes[0].MeanWaitingTime);   // 0.0300889 ± 0.000353 (95 %)
        // </snippet:queueing-simulation>

        Assert.Equal("0.0300889 ± 0.000353 (95 %)\n", sandbox.Output);
        Assert.True(result.Classes[0].MeanWaitingTime.Mean < result.Classes[1].MeanWaitingTime.Mean);
    }
}
