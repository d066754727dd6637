using Aios.Scheduling.Optimization;
using Aios.Scheduling.Traces;
using Aios.Testing;

namespace Aios.Scheduling.Optimization.Tests;

public sealed class GavelWorkloadTests
{
    private static readonly GavelThroughputs Table = GavelThroughputs.Parse(RoundSimulatorTests.Table);

    [Fact]
    public void Generate_SameSeed_SameStream()
    {
        var first = new GavelWorkload(Table, 3, seed: 42).Generate().Take(200).ToList();
        var second = new GavelWorkload(Table, 3, seed: 42).Generate().Take(200).ToList();
        var other = new GavelWorkload(Table, 3, seed: 43).Generate().Take(200).ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(0, first[0].SubmitTime);
        Assert.True(first.Zip(first.Skip(1)).All(pair => pair.First.SubmitTime <= pair.Second.SubmitTime));
    }

    [Fact]
    public void Generate_ManyJobs_MatchesGavelsDistributions()
    {
        List<TraceJob> jobs = [.. new GavelWorkload(Table, 4, seed: 7).Generate().Take(20_000)];

        // The small table has no job at scale factors 4 and 8, so those draws (0.2) fall back to 1: 0.7·1 + 0.1·2 + 0.2·1.
        Assert.Equal(1.1, jobs.Average(job => job.ScaleFactor), 0.02);
        Assert.Equal(0.1, jobs.Count(job => job.ScaleFactor == 2) / 20_000.0, 0.01);
        // Rate 4 jobs/h → mean gap 900 s.
        Assert.Equal(900, jobs[^1].SubmitTime / (jobs.Count - 1), 30.0);

        // Durations on the reference type (v100): 60·10^U(1.5, 3) s w.p. 0.8, 60·10^U(3, 4) s otherwise.
        double[] durations = [.. jobs.Select(job => job.TotalSteps!.Value / job.Throughputs["v100"])];
        Assert.All(durations, duration => Assert.InRange(duration, (60 * Math.Pow(10, 1.5)) - 1, (60 * 1e4) + 1));
        Assert.Equal(0.2, durations.Count(duration => duration > 60_000) / 20_000.0, 0.015);
        Assert.Equal(0.5, jobs.Count(job => job.JobType == "A") / 20_000.0, 0.02);
    }

    [Fact]
    public void Generate_SingleGpu_AllScaleFactorOne()
    {
        Assert.All(new GavelWorkload(Table, 1, seed: 1, multiGpu: false).Generate().Take(500), job => Assert.Equal(1, job.ScaleFactor));
    }

    [Fact]
    public void Constructor_BadRate_ThrowsNamingIt()
    {
        Assert.Equal("jobsPerHour", Assert.Throws<ArgumentOutOfRangeException>(() => new GavelWorkload(Table, 0, 1)).ParamName);
        Assert.Equal("jobsPerHour", Assert.Throws<ArgumentOutOfRangeException>(() => new GavelWorkload(Table, double.NaN, 1)).ParamName);
        Assert.Throws<ArgumentException>(() => new GavelWorkload(Table, 1, 1, referenceDeviceType: "a100"));
    }

    [Fact]
    public void Generate_RealTable_GavelsScaleFactorMixAndEveryJobOnV100()
    {
        string path = SharedData.RequireFile("traces/gavel/simulation_throughputs.json");
        using FileStream stream = File.OpenRead(path);
        GavelThroughputs table = GavelThroughputs.Load(stream);

        List<TraceJob> jobs = [.. new GavelWorkload(table, 5, seed: 3).Generate().Take(10_000)];

        // Gavel's scale factor mix 0.7/0.1/0.15/0.05 → mean 1.9.
        Assert.Equal(1.9, jobs.Average(job => job.ScaleFactor), 0.06);
        Assert.Equal(0.7, jobs.Count(job => job.ScaleFactor == 1) / 10_000.0, 0.02);
        Assert.Equal(0.05, jobs.Count(job => job.ScaleFactor == 8) / 10_000.0, 0.01);

        Assert.All(jobs, job => Assert.True(job.Throughputs.ContainsKey("v100")));
        Assert.True(jobs.Select(job => job.JobType).Distinct().Count() > 20);
        RoundJob round = RoundJob.FromTraceJob(jobs.First(job => job.ScaleFactor > 1), table);
        Assert.NotNull(round.UnconsolidatedThroughputs);
        Assert.Contains("v100", round.UnconsolidatedThroughputs.Keys);
    }

    [Fact]
    public void GavelTrace_RunThroughTheRoundMechanism_EveryJobFinishesAndAwareBeatsAgnostic()
    {
        string tablePath = SharedData.RequireFile("traces/gavel/simulation_throughputs.json");
        string tracePath = SharedData.RequireFile("traces/gavel/max_min_fairness.trace");
        using FileStream stream = File.OpenRead(tablePath);
        GavelThroughputs table = GavelThroughputs.Load(stream);
        using var reader = new StreamReader(tracePath);
        List<RoundJob> jobs = [.. GavelTraceReader.Read(reader, table, "max_min_fairness.trace").Select(job => RoundJob.FromTraceJob(job, table))];
        var cluster = Aios.Scheduling.Model.ClusterSpec.FromGpuCounts([new("k80", 8), new("p100", 8), new("v100", 8)], 4);

        RoundSimulationResult aware = new RoundSimulator(cluster).Run(jobs, TestContext.Current.CancellationToken);
        RoundSimulationResult agnostic = new RoundSimulator(cluster, new RoundSimulationOptions { Policy = RoundPolicy.GavelLasAgnostic }).Run(jobs, TestContext.Current.CancellationToken);

        Assert.Equal(jobs.Count, aware.Completed);
        Assert.Equal(jobs.Count, agnostic.Completed);
        Assert.True(aware.MeanJct < agnostic.MeanJct, $"aware {aware.MeanJct} s, agnostic {agnostic.MeanJct} s");
        Assert.InRange(aware.Utilization, 0.01, 1);
    }
}
