using Aios.Scheduling.Traces;
using Aios.Testing;

namespace Aios.Scheduling.Tests.Traces;

// Data: traces/gavel/*.trace and simulation_throughputs.json from the Gavel artifact (Narayanan et al., OSDI 2020,
// github.com/stanford-futuredata/gavel, scheduler/traces).
public sealed class GavelTraceReaderTests
{
    [Fact]
    public void Read_SmallTestTrace_FirstJobMatchesTheRawText()
    {
        GavelThroughputs throughputs = GavelThroughputsTests.LoadReal();
        using var reader = new StreamReader(SharedData.RequireFile("traces/gavel/small_test.trace"));

        TraceJob job = GavelTraceReader.Read(reader, throughputs).First();

        // Raw line 1: "Transformer (batch size 128)\t<command>\ttranslation\t-step\t1\t346\t2\t1\t-1.000000\t0".
        Assert.Equal("0", job.Id);
        Assert.Equal("Transformer (batch size 128)", job.JobType);
        Assert.Equal(346, job.TotalSteps);
        Assert.Equal(2, job.ScaleFactor);
        Assert.Equal(2, job.Gpus);
        Assert.Equal(1, job.Priority);
        Assert.Equal(0, job.SubmitTime);
        Assert.Null(job.Duration);
        Assert.Equal(1.6574724675832473, job.Throughputs["k80"]);
        Assert.Equal(5.087428857861381, job.Throughputs["p100"]);
        Assert.Equal(10.069238394742342, job.Throughputs["v100"]);
        Assert.True(job.TryGetDurationOn("v100", out double seconds));
        Assert.Equal(346 / 10.069238394742342, seconds, 12);
    }

    [Theory]
    [InlineData("traces/gavel/small_test.trace", 20)]
    [InlineData("traces/gavel/max_min_fairness.trace", 96)]
    [InlineData("traces/gavel/minimize_makespan.trace", 100)]
    public void Read_RealTraces_ReadsEveryJobWithThroughputs(string file, int expected)
    {
        GavelThroughputs throughputs = GavelThroughputsTests.LoadReal();
        using var reader = new StreamReader(SharedData.RequireFile(file));

        List<TraceJob> jobs = GavelTraceReader.Read(reader, throughputs).ToList();

        Assert.Equal(expected, jobs.Count);
        Assert.All(jobs, job => Assert.True(job.TryGetDurationOn("v100", out _)));
        Assert.All(jobs, job => Assert.True(job.TryGetDurationOn("p100", out _)));
    }

    [Fact]
    public void Read_JobThatDoesNotFitADevice_LeavesThatDeviceOut()
    {
        GavelThroughputs throughputs = GavelThroughputsTests.LoadReal();
        using var reader = new StreamReader(SharedData.RequireFile("traces/gavel/max_min_fairness.trace"));

        TraceJob job = GavelTraceReader.Read(reader, throughputs).ElementAt(90);

        // Line 91 is "ResNet-50 (batch size 128)" at scale factor 2, whose isolated throughput on "k80" is 0.0 in
        // simulation_throughputs.json (it does not run there): the job has no k80 throughput and no k80 duration.
        Assert.Equal("ResNet-50 (batch size 128)", job.JobType);
        Assert.Equal(2, job.ScaleFactor);
        Assert.Equal(["p100", "v100"], job.Throughputs.Keys.Order());
        Assert.Equal(4.2230145549692715, job.Throughputs["v100"]);
        Assert.False(job.TryGetDurationOn("k80", out _));
    }

    [Fact]
    public async Task ReadAsync_MinimizeMakespan_MatchesTheSynchronousReader()
    {
        string path = SharedData.RequireFile("traces/gavel/minimize_makespan.trace");
        await using FileStream stream = File.OpenRead(path);
        using var text = new StreamReader(path);

        var jobs = new List<TraceJob>();
        await foreach (TraceJob job in GavelTraceReader.ReadAsync(stream, cancellationToken: TestContext.Current.CancellationToken))
        {
            jobs.Add(job);
        }

        // Raw line 2: "Recommendation (batch size 8192)\t…\t14775\t1\t1\t-1.000000\t0".
        Assert.Equal(new TraceJob("1", 0, 1) { JobType = "Recommendation (batch size 8192)", TotalSteps = 14775, ScaleFactor = 1 }, jobs[1]);
        Assert.Equal(GavelTraceReader.Read(text).Select(j => (j.Id, j.JobType, j.TotalSteps, j.Gpus, j.SubmitTime)), jobs.Select(j => (j.Id, j.JobType, j.TotalSteps, j.Gpus, j.SubmitTime)));
        Assert.All(jobs, job => Assert.Empty(job.Throughputs));
    }

    [Theory]
    [InlineData("A\tcmd\tdir\t-n\t1\tmany\t1\t1\t-1\t0", "total steps")]
    [InlineData("A\tcmd\tdir\t-n\t1\t10\t0\t1\t-1\t0", "scale factor")]
    [InlineData("A\tcmd\tdir\t-n\t1\t10\t1\t0\t-1\t0", "priority weight")]
    [InlineData("A\tcmd\tdir\t-n\t1\t10\t1\t1\tx\t0", "SLO")]
    [InlineData("A\tcmd\tdir\t-n\t1\t10\t1\t1\t-1\t-3", "arrival time")]
    [InlineData("\tcmd\tdir\t-n\t1\t10\t1\t1\t-1\t0", "job type")]
    public void Read_MalformedField_ThrowsNamingLineAndColumn(string badLine, string column)
    {
        using var reader = new StringReader("A\tcmd\tdir\t-n\t1\t10\t1\t1\t-1\t0\n" + badLine + "\n");

        var exception = Assert.Throws<TraceFormatException>(() => GavelTraceReader.Read(reader, source: "bad.trace").ToList());

        Assert.Equal(2, exception.LineNumber);
        Assert.Equal(column, exception.Column);
        Assert.StartsWith($"bad.trace, line 2, column '{column}':", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooFewFields_ThrowsNamingTheLine()
    {
        using var reader = new StringReader("A\tcmd\n");

        var exception = Assert.Throws<TraceFormatException>(() => GavelTraceReader.Read(reader).ToList());

        Assert.Equal(1, exception.LineNumber);
        Assert.Contains("found 2", exception.Message, StringComparison.Ordinal);
    }
}
