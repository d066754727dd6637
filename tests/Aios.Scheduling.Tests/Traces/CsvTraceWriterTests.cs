using Aios.Scheduling.Traces;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Scheduling.Tests.Traces;

public sealed class CsvTraceWriterTests
{
    [Fact]
    public void Write_Job_WritesHeaderAndQuotedFields()
    {
        var writer = new StringWriter { NewLine = "\n" };

        CsvTraceWriter.Write(writer, [new TraceJob("a", 1.5, 2) { Queue = "q,1", JobType = "say \"x\"", Duration = 10 }]);

        Assert.Equal("id,submit,gpus,duration,queue,priority,type\na,1.5,2,10,\"q,1\",1,\"say \"\"x\"\"\"\n", writer.ToString());
    }

    [Fact]
    public void Write_IdWithLineBreak_Throws()
    {
        Assert.Throws<ArgumentException>(() => CsvTraceWriter.Write(new StringWriter(), [new TraceJob("a\nb", 0, 1)]));
    }

    [Property(MaxTest = 3000, Arbitrary = new[] { typeof(TraceArbitraries) })]
    public void Write_ThenRead_GivesBackTheSameJobs(TraceJob[] jobs)
    {
        var writer = new StringWriter();

        CsvTraceWriter.Write(writer, jobs);
        List<TraceJob> read = CsvTraceReader.Read(new StringReader(writer.ToString())).ToList();

        Assert.Equal(jobs, read);
    }
}

/// <summary>FsCheck generators for trace jobs in the generic CSV's columns, with awkward text and extreme numbers.</summary>
public static class TraceArbitraries
{
    private static Gen<string> Text() =>
        Gen.Frequency(
            (4, Gen.Elements("a", "job-1", "vc 2", "ResNet-18 (batch size 16)")),
            (3, Gen.ArrayOf(Gen.Elements('a', 'Z', '0', ' ', ',', '"', '\'', '\t', 'é', '-')).Select(chars => new string(chars))))
        .Where(text => text.Length > 0);

    private static Gen<double> NonNegative() =>
        Gen.Frequency(
            (3, Gen.Choose(0, 1_000_000).Select(x => (double)x)),
            (3, ArbMap.Default.GeneratorFor<NormalFloat>().Select(x => Math.Abs(x.Get))),
            (1, Gen.Elements(0.0, double.Epsilon, double.MaxValue, 0.1, 1e-300)));

    private static Gen<double> Positive() => NonNegative().Where(x => x > 0);

    private static Gen<double> Seconds() =>
        Gen.Frequency((9, NonNegative().Where(x => x <= TraceJob.MaxSeconds)), (1, Gen.Constant(TraceJob.MaxSeconds)));

    public static Arbitrary<TraceJob> Jobs() =>
        (from id in Text()
         from submit in Seconds()
         from gpus in Gen.Choose(1, int.MaxValue)
         from duration in Gen.OneOf(Gen.Constant((double?)null), Seconds().Where(x => x > 0).Select(x => (double?)x))
         from queue in Gen.OneOf(Gen.Constant((string?)null), Text().Select(x => (string?)x))
         from priority in Positive()
         from type in Gen.OneOf(Gen.Constant((string?)null), Text().Select(x => (string?)x))
         select new TraceJob(id, submit, gpus) { Duration = duration, Queue = queue, Priority = priority, JobType = type })
        .ToArbitrary();
}
