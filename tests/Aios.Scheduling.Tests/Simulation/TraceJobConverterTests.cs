using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Tests.Simulation;

public sealed class TraceJobConverterTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(8, 1, 8)]
    [InlineData(16, 2, 8)]
    [InlineData(64, 8, 8)]
    [InlineData(12, 12, 1)]
    public void Convert_GpusAgainstNodeSize_ShapesOneNodeOrAGang(int gpus, int replicas, int perReplica)
    {
        JobSpec job = new TraceJobConverter(gpusPerNode: 8).Convert(new TraceJob("j", 0, gpus) { Duration = 600, Queue = "vc1" });

        Assert.Equal((replicas, perReplica, true, (long)gpus), (job.Replicas, job.Request.Gpus, job.Gang, job.TotalGpus));
        Assert.Equal(600, job.Duration);
        Assert.Equal("vc1", job.Queue);
        Assert.Equal(TraceJobConverter.DefaultRestartOverhead, job.RestartOverhead);
    }

    [Fact]
    public void Convert_GavelJob_TotalWorkAndThroughputsWithoutDuration()
    {
        var trace = new TraceJob("g", 10, 1) { TotalSteps = 1000, Throughputs = new Dictionary<string, double> { ["v100"] = 10, ["k80"] = 2 }, Priority = 2.5 };

        JobSpec job = new TraceJobConverter(gpusPerNode: 4, restartOverhead: 5).Convert(trace);

        Assert.Null(job.Duration);
        Assert.Equal(1000, job.TotalWork);
        Assert.Equal(0.01, job.ProgressRateOn("v100"), 15);
        Assert.Equal(0.002, job.ProgressRateOn("k80"), 15);
        Assert.Equal(0, job.ProgressRateOn("p100"));
        Assert.Equal((3, 5.0, QueueSpec.DefaultName), (job.Priority, job.RestartOverhead, job.Queue));
    }

    [Theory]
    [InlineData(0, 30.0)]
    [InlineData(8, -1.0)]
    [InlineData(8, double.NaN)]
    public void Constructor_OutOfRange_Throws(int gpusPerNode, double restartOverhead)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TraceJobConverter(gpusPerNode, restartOverhead));
    }
}
