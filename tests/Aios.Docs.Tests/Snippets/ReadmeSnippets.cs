// <snippet:readme-queueing>
using Aios.Queueing;
// </snippet:readme-queueing>

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of the repository's README.md.</summary>
public sealed class ReadmeSnippets
{
    [Fact]
    public void ShortExample_SizesTheServiceAndEvaluatesIt()
    {
        // <snippet:readme-queueing>
        // 120 requests/s, one GPU replica serves 10/s: how many replicas so that 95% start within 50 ms?
        int replicas = Staffing.ServersForServiceLevel(arrivalRate: 120, serviceRate: 10, waitTarget: 0.05, serviceLevelTarget: 0.95);

        var queue = new MMcQueue(arrivalRate: 120, serviceRate: 10, servers: replicas);
        QueueMetrics metrics = queue.Evaluate();             // utilization, P(wait), Wq, W, Lq, L
        double p99 = queue.ResponseTimeQuantile(0.99);        // seconds
        double erlangB = ErlangB.BlockingProbability(servers: 5_000_000, offeredLoad: 4_990_000);   // stable at any size
        // </snippet:readme-queueing>

        Assert.Equal(16, replicas);
        Assert.True(queue.ServiceLevel(0.05) >= 0.95);
        Assert.True(new MMcQueue(120, 10, replicas - 1).ServiceLevel(0.05) < 0.95);
        Assert.True(metrics.IsStable);
        Assert.InRange(p99, 0.1, 1);
        Assert.InRange(erlangB, 1e-12, 0.01);
    }
}
