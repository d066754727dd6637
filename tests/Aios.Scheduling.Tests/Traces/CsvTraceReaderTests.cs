using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Tests.Traces;

public sealed class CsvTraceReaderTests
{
    [Fact]
    public void Read_ReorderedAndUnknownColumns_FindsColumnsByName()
    {
        const string Csv = "Type,extra,GPUS,queue,submit,id,priority,duration\n"
            + "\"ResNet, big\",x,8,vc1,12.5,job-1,2,3600\n"
            + ",y,1,,0,job-2,,\n";

        List<TraceJob> jobs = CsvTraceReader.Read(new StringReader(Csv)).ToList();

        Assert.Equal(
            [
                new TraceJob("job-1", 12.5, 8) { JobType = "ResNet, big", Queue = "vc1", Priority = 2, Duration = 3600 },
                new TraceJob("job-2", 0, 1),
            ],
            jobs);
    }

    [Fact]
    public void Read_OnlyRequiredColumns_LeavesTheRestAtDefaults()
    {
        TraceJob job = Assert.Single(CsvTraceReader.Read(new StringReader("gpus,id,submit\r\n\r\n2,a,7\r\n")));

        Assert.Equal(new TraceJob("a", 7, 2), job);
    }

    [Fact]
    public void Read_QuotedFieldWithDoubledQuotes_UnescapesIt()
    {
        TraceJob job = Assert.Single(CsvTraceReader.Read(new StringReader("id,submit,gpus\n\"say \"\"hi\"\", ok\",1,1\n")));

        Assert.Equal("say \"hi\", ok", job.Id);
    }

    [Theory]
    [InlineData("id,submit\n", 1, "gpus")]
    [InlineData("id,submit,gpus,ID\n", 1, "ID")]
    [InlineData("id,submit,gpus\na,-1,1\n", 2, "submit")]
    [InlineData("id,submit,gpus\na,1,1\nb,1,one\n", 3, "gpus")]
    [InlineData("id,submit,gpus\n,1,1\n", 2, "id")]
    [InlineData("id,submit,gpus,duration\na,1,1,0\n", 2, "duration")]
    [InlineData("id,submit,gpus,priority\na,1,1,NaN\n", 2, "priority")]
    public void Read_MalformedLine_ThrowsNamingLineAndColumn(string csv, long line, string column)
    {
        var exception = Assert.Throws<TraceFormatException>(() => CsvTraceReader.Read(new StringReader(csv), "jobs.csv").ToList());

        Assert.Equal(line, exception.LineNumber);
        Assert.Equal(column, exception.Column);
        Assert.StartsWith($"jobs.csv, line {line}, column '{column}':", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,submit,gpus\na,1\n")]
    [InlineData("id,submit,gpus\n\"a,1,1\n")]
    [InlineData("id,submit,gpus\n\"a\"b,1,1\n")]
    [InlineData("id,submit,gpus\na\"b,1,1\n")]
    public void Read_BrokenLine_ThrowsNamingTheLine(string csv)
    {
        var exception = Assert.Throws<TraceFormatException>(() => CsvTraceReader.Read(new StringReader(csv)).ToList());

        Assert.Equal(2, exception.LineNumber);
    }

    [Fact]
    public async Task ReadAsync_Utf8Stream_MatchesTheSynchronousReader()
    {
        const string Csv = "id,submit,gpus,duration\na,1,2,3\nb,4,5,\n";
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Csv));

        var jobs = new List<TraceJob>();
        await foreach (TraceJob job in CsvTraceReader.ReadAsync(stream, cancellationToken: TestContext.Current.CancellationToken))
        {
            jobs.Add(job);
        }

        Assert.Equal(CsvTraceReader.Read(new StringReader(Csv)), jobs);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes("id,submit,gpus\na,1,2\n"));
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (TraceJob job in CsvTraceReader.ReadAsync(stream, cancellationToken: cancellation.Token))
            {
                Assert.Fail($"read {job} after cancellation");
            }
        });
    }
}
