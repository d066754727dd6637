using Aios.Scheduling.Traces;
using Aios.Testing;

namespace Aios.Scheduling.Tests.Traces;

// Data: traces/philly/philly.csv, the Microsoft Philly trace (Jeon et al., USENIX ATC 2019,
// github.com/msr-fiddle/philly-traces) as reduced to CSV by the Gavel artifact (github.com/stanford-futuredata/gavel).
public sealed class PhillyTraceReaderTests
{
    private const string Header = "timestamp,duration,num_gpus,gpu_time,cluster";

    [Fact]
    public void ReadFile_RealTrace_FirstJobsMatchTheRawText()
    {
        string path = SharedData.RequireFile("traces/philly/philly.csv");

        TraceJob[] first = PhillyTraceReader.ReadFile(path).Take(3).ToArray();

        // Raw lines 2-4: "2017-10-09 07:01:55,66.0,1,66.0,11cb48", "2017-10-09 06:13:03,2951.0,1,2951.0,6214e9",
        // "2017-09-29 07:58:32,860662.0,1,860662.0,6c71a0"; the earliest submit in the file is 2017-09-04 10:30:41.
        Assert.Equal(new TraceJob("0", 3_011_474, 1) { Duration = 66, Queue = "11cb48" }, first[0]);
        Assert.Equal(new TraceJob("1", 3_008_542, 1) { Duration = 2951, Queue = "6214e9" }, first[1]);
        Assert.Equal(new TraceJob("2", 2_150_871, 1) { Duration = 860_662, Queue = "6c71a0" }, first[2]);
    }

    [Fact]
    public void ReadFile_RealTrace_ReadsEveryJobFromTheEarliestSubmit()
    {
        string path = SharedData.RequireFile("traces/philly/philly.csv");

        long count = 0;
        long gpus = 0;
        double earliest = double.MaxValue;
        TraceJob? last = null;
        foreach (TraceJob job in PhillyTraceReader.ReadFile(path))
        {
            count++;
            gpus += job.Gpus;
            earliest = Math.Min(earliest, job.SubmitTime);
            last = job;
        }

        Assert.Equal(82_247, count);
        Assert.Equal(107_235, gpus);
        Assert.Equal(0, earliest);
        Assert.Equal(new TraceJob("82246", 5_605_349, 1) { Duration = 1896, Queue = "6c71a0" }, last);
    }

    [Fact]
    public void FindOrigin_RealTrace_IsTheEarliestTimestamp()
    {
        string path = SharedData.RequireFile("traces/philly/philly.csv");
        using var reader = new StreamReader(path);

        DateTime origin = PhillyTraceReader.FindOrigin(reader);

        Assert.Equal(new DateTime(2017, 9, 4, 10, 30, 41, DateTimeKind.Utc), origin);
    }

    [Fact]
    public async Task ReadAsync_RealTrace_MatchesTheSynchronousReader()
    {
        string path = SharedData.RequireFile("traces/philly/philly.csv");
        DateTime origin = new(2017, 9, 4, 10, 30, 41, DateTimeKind.Utc);
        await using FileStream stream = File.OpenRead(path);
        using var text = new StreamReader(path);

        var asyncJobs = new List<TraceJob>();
        await foreach (TraceJob job in PhillyTraceReader.ReadAsync(stream, origin, cancellationToken: TestContext.Current.CancellationToken))
        {
            asyncJobs.Add(job);
        }

        Assert.Equal(PhillyTraceReader.Read(text, origin), asyncJobs);
    }

    [Fact]
    public async Task ReadFileAsync_RealTrace_MatchesReadFile()
    {
        string path = SharedData.RequireFile("traces/philly/philly.csv");

        var asyncJobs = new List<TraceJob>();
        await foreach (TraceJob job in PhillyTraceReader.ReadFileAsync(path, TestContext.Current.CancellationToken))
        {
            asyncJobs.Add(job);
        }

        Assert.Equal(PhillyTraceReader.ReadFile(path), asyncJobs);
    }

    [Fact]
    public void Read_CallerOrigin_GivesSecondsAfterIt()
    {
        using var reader = new StringReader($"{Header}\n2020-01-01 00:01:00,10.5,4,42.0,vc1\n");

        TraceJob job = Assert.Single(PhillyTraceReader.Read(reader, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)));

        Assert.Equal(new TraceJob("0", 60, 4) { Duration = 10.5, Queue = "vc1" }, job);
    }

    [Theory]
    [InlineData("2020-01-01 00:00:10,abc,1,1.0,vc", "duration")]
    [InlineData("2020-01-01 00:00:10,5.0,0,0.0,vc", "num_gpus")]
    [InlineData("2020-01-01 00:00:10,-5.0,1,1.0,vc", "duration")]
    [InlineData("2020/01/01 00:00:10,5.0,1,1.0,vc", "timestamp")]
    [InlineData("2019-12-31 23:59:59,5.0,1,1.0,vc", "timestamp")]
    public void Read_MalformedField_ThrowsNamingLineAndColumn(string badLine, string column)
    {
        using var reader = new StringReader($"{Header}\n2020-01-01 00:00:00,5.0,1,5.0,vc\n{badLine}\n");

        var exception = Assert.Throws<TraceFormatException>(() => PhillyTraceReader.Read(reader, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), "test.csv").ToList());

        Assert.Equal(3, exception.LineNumber);
        Assert.Equal(column, exception.Column);
        Assert.Equal("test.csv", exception.FileName);
        Assert.StartsWith($"test.csv, line 3, column '{column}':", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongFieldCount_ThrowsNamingTheLine()
    {
        using var reader = new StringReader($"{Header}\n2020-01-01 00:00:00,5.0,1\n");

        var exception = Assert.Throws<TraceFormatException>(() => PhillyTraceReader.Read(reader, DateTime.MinValue).ToList());

        Assert.Equal(2, exception.LineNumber);
        Assert.Null(exception.Column);
    }

    [Fact]
    public void FindOrigin_NoJobs_Throws()
    {
        using var reader = new StringReader(Header + "\n");

        Assert.Throws<TraceFormatException>(() => PhillyTraceReader.FindOrigin(reader));
    }
}
