// <snippet:queueing-readme>
using Aios.Queueing;
// </snippet:queueing-readme>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of src/Aios.Queueing/README.md.</summary>
public sealed class QueueingSnippets
{
    [Fact]
    public void PackageReadme_EvaluatesAndStaffs()
    {
        using var sandbox = new DocsSandbox();

        // <snippet:queueing-readme>
        var queue = new MMcQueue(arrivalRate: 9, serviceRate: 5, servers: 4);
        QueueMetrics metrics = queue.Evaluate();
        Console.WriteLine($"Wq = {metrics.MeanWaitingTime:F4}, P(Wq <= 0.1) = {queue.ServiceLevel(0.1):P2}");

        int servers = Staffing.ServersForServiceLevel(arrivalRate: 100_000, serviceRate: 1, waitTarget: 0.1, serviceLevelTarget: 0.95);
        // </snippet:queueing-readme>

        Assert.Equal("Wq = 0.0117, P(Wq <= 0.1) = 95.72 %\n", sandbox.Output);
        Assert.Equal(100_029, servers);
    }
}
