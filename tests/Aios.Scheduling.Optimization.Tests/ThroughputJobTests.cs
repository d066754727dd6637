using Aios.Scheduling.Model;
using Aios.Scheduling.Optimization;

namespace Aios.Scheduling.Optimization.Tests;

public sealed class ThroughputJobTests
{
    [Fact]
    public void FromJobSpec_GangWithWork_TakesGpusAndWork()
    {
        var spec = new JobSpec("train", 2, new ReplicaRequest(4)) { TotalWork = 5000, Throughputs = new Dictionary<string, double> { ["v100"] = 10 } };

        ThroughputJob job = ThroughputJob.FromJobSpec(spec);

        Assert.Equal("train", job.Id);
        Assert.Equal(8, job.ScaleFactor);
        Assert.Equal(5000, job.RemainingSteps);
        Assert.Equal(10, job.Throughputs["v100"]);
    }

    [Fact]
    public void FromJobSpec_NoThroughputs_Throws()
    {
        Assert.Throws<ArgumentException>(() => ThroughputJob.FromJobSpec(JobSpec.WithGpus("train", 1)));
    }

    [Fact]
    public void ToString_PrintsTheThroughputs()
    {
        var job = new ThroughputJob("train", new Dictionary<string, double> { ["k80"] = 1.5, ["v100"] = 6 });

        string text = job.ToString();

        Assert.Contains("k80", text, StringComparison.Ordinal);
        Assert.Contains("v100", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.Collections", text, StringComparison.Ordinal);
    }
}
