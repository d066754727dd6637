using Aios.Scheduling.Traces;
using Aios.Testing;

namespace Aios.Scheduling.Tests.Traces;

// Data: traces/gavel/philly_job_distribution.csv and simulation_throughputs.json from the Gavel artifact
// (Narayanan et al., OSDI 2020, github.com/stanford-futuredata/gavel).
public sealed class GavelWorkloadGeneratorTests
{
    private static readonly JobSize[] Sizes = [new(100, 1), new(200, 2), new(400, 8)];

    private static IReadOnlyList<JobSize> RealSizes()
    {
        using var reader = new StreamReader(SharedData.RequireFile("traces/gavel/philly_job_distribution.csv"));
        return GavelWorkloadGenerator.ReadJobSizes(reader);
    }

    [Fact]
    public void ReadJobSizes_RealFile_ReadsEveryPair()
    {
        IReadOnlyList<JobSize> sizes = RealSizes();

        // Raw lines 2-3: "860662.0,1", "7944.0,1"; last line "4056.9999999999995,8" (CRLF line ends).
        Assert.Equal(33_192, sizes.Count);
        Assert.Equal(new JobSize(860_662, 1), sizes[0]);
        Assert.Equal(new JobSize(7944, 1), sizes[1]);
        Assert.Equal(new JobSize(4056.9999999999995, 8), sizes[^1]);
        Assert.Equal([1, 2, 4, 8], sizes.Select(s => s.Gpus).Distinct().Order());
    }

    [Theory]
    [InlineData("duration_s,num_gpus\n5,1\nfive,1\n", 3, "duration_s")]
    [InlineData("duration_s,num_gpus\n5,0\n", 2, "num_gpus")]
    [InlineData("duration_s,num_gpus\n5\n", 2, null)]
    [InlineData("size,gpus\n", 1, null)]
    public void ReadJobSizes_MalformedLine_ThrowsNamingLineAndColumn(string csv, long line, string? column)
    {
        var exception = Assert.Throws<TraceFormatException>(() => GavelWorkloadGenerator.ReadJobSizes(new StringReader(csv)));

        Assert.Equal(line, exception.LineNumber);
        Assert.Equal(column, exception.Column);
    }

    [Fact]
    public void Generate_SameSeed_GivesTheSameStream()
    {
        var first = new GavelWorkloadGenerator(Sizes, ["A", "B"], 30, seed: 7);
        var second = new GavelWorkloadGenerator(Sizes, ["A", "B"], 30, seed: 7);

        Assert.Equal(first.Generate().Take(1000), second.Generate().Take(1000));
        Assert.Equal(first.Generate().Take(1000), first.Generate().Take(1000));
    }

    [Fact]
    public void Generate_DifferentSeed_GivesADifferentStream()
    {
        var first = new GavelWorkloadGenerator(Sizes, ["A", "B"], 30, seed: 7);
        var second = new GavelWorkloadGenerator(Sizes, ["A", "B"], 30, seed: 8);

        Assert.NotEqual(first.Generate().Take(100), second.Generate().Take(100));
    }

    [Fact]
    public void Generate_RealDistribution_HasPoissonArrivalsAndSupportedSizes()
    {
        IReadOnlyList<JobSize> sizes = RealSizes();
        IReadOnlyList<string> types = GavelThroughputsTests.LoadReal().JobTypes;
        const int Count = 20_000;
        const double JobsPerHour = 12;
        var generator = new GavelWorkloadGenerator(sizes, types, JobsPerHour, seed: 42);
        var support = sizes.Select(s => s.Gpus).ToHashSet();
        var durations = sizes.Select(s => s.DurationSeconds).ToHashSet();

        List<TraceJob> jobs = generator.Generate().Take(Count).ToList();

        // Exponential gaps with mean 300 s: the mean of 19,999 gaps has standard error 300/√19999 ≈ 2.1 s, so ±3% is ±4.2σ.
        double meanGap = jobs[^1].SubmitTime / (Count - 1);
        Assert.Equal(0, jobs[0].SubmitTime);
        Assert.InRange(meanGap, 300 * 0.97, 300 * 1.03);
        Assert.All(jobs.Zip(jobs.Skip(1)), pair => Assert.True(pair.Second.SubmitTime >= pair.First.SubmitTime));
        Assert.All(jobs, job => Assert.Contains(job.Gpus, support));
        Assert.All(jobs, job => Assert.Contains(job.Duration!.Value, durations));
        Assert.All(jobs, job => Assert.Contains(job.JobType!, types));
        Assert.Equal(types.Count, jobs.Select(j => j.JobType).Distinct().Count());

        // The share of 1-GPU jobs in the file is 25,304/33,192 ≈ 0.762; its binomial standard error over 20,000 draws is 0.003.
        double oneGpuShare = jobs.Count(j => j.Gpus == 1) / (double)Count;
        Assert.InRange(oneGpuShare, 0.762 - 0.015, 0.762 + 0.015);
    }

    [Fact]
    public void Constructor_InvalidArguments_Throw()
    {
        Assert.Throws<ArgumentException>(() => new GavelWorkloadGenerator([], ["A"], 1, 0));
        Assert.Throws<ArgumentException>(() => new GavelWorkloadGenerator(Sizes, [], 1, 0));
        Assert.Throws<ArgumentException>(() => new GavelWorkloadGenerator(Sizes, [""], 1, 0));
        Assert.Throws<ArgumentException>(() => new GavelWorkloadGenerator([new JobSize(0, 1)], ["A"], 1, 0));
        Assert.Throws<ArgumentException>(() => new GavelWorkloadGenerator([new JobSize(1, 0)], ["A"], 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GavelWorkloadGenerator(Sizes, ["A"], 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new GavelWorkloadGenerator(Sizes, ["A"], double.PositiveInfinity, 0));
        Assert.Throws<ArgumentNullException>(() => new GavelWorkloadGenerator(null!, ["A"], 1, 0));
    }
}
