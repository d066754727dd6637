using System.Globalization;
using System.Text;
using Aios.Scheduling.Simulation;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Tests.Traces;

/// <summary>
/// Seeded random and mutated rows for every trace reader: each file is either read whole, one job per non-blank data
/// row with every number representable, or rejected with a <see cref="TraceFormatException"/> naming its line; never
/// another exception type, never a row silently dropped.
/// </summary>
public sealed class TraceReaderFuzzTests
{
    private const int Cases = 3000;

    private static readonly string[] Numbers =
        ["0", "-0", "-1", "1", "7", "1.5", "60", "3600", " 5", "5 ", "1e11", "1.0000001e11", "9.3e11", "1700000000000", "1.7e12", "1e308", "-1e308", "1e400", "5e-324",
         "NaN", "nan", "Infinity", "-Infinity", "∞", "2147483647", "2147483648", "-2147483648", "9223372036854775807", "9223372036854775808", "0x10", "1,5", "", " ", "abc", "\"5\"", "1e", "+3", "1_000"];

    private static readonly string[] Timestamps =
        ["2017-10-09 07:01:55", "2017-10-03 00:00:00", "2017-11-30 23:59:59", "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2017-13-01 00:00:00", "2017-02-30 00:00:00",
         "2017-10-09T07:01:55", "2017-10-09 7:01:55", "1507532515", "", " 2017-10-09 07:01:55", "5170-01-01 00:00:00"];

    [Fact]
    public void Csv_RandomAndMutatedRows_ParsedWholeOrRejectedNamingTheLine()
    {
        var random = new Random(11);
        for (int i = 0; i < Cases; i++)
        {
            string[] header = ["id", "submit", "gpus", "duration", "queue", "priority", "type"];
            var rows = new List<string>();
            int count = 1 + random.Next(3);
            for (int r = 0; r < count; r++)
            {
                string[] fields = [$"job-{r}", Pick(random, Numbers, "12.5"), Pick(random, Numbers, "2"), Pick(random, Numbers, "3600"), "vc1", Pick(random, Numbers, "1"), "ResNet"];
                rows.Add(Mutate(random, fields, ','));
            }

            string text = string.Join(',', header) + "\n" + string.Join('\n', rows);
            Check(text, 1, reader => CsvTraceReader.Read(reader, "fuzz.csv"));
        }
    }

    [Fact]
    public void Gavel_RandomAndMutatedRows_ParsedWholeOrRejectedNamingTheLine()
    {
        var random = new Random(12);
        for (int i = 0; i < Cases; i++)
        {
            var rows = new List<string>();
            int count = 1 + random.Next(3);
            for (int r = 0; r < count; r++)
            {
                string[] fields = ["ResNet-18 (batch size 16)", "python3 main.py", "image_classification/cifar10", "--num_steps", "False", Pick(random, Numbers, "4000"), Pick(random, Numbers, "1"), Pick(random, Numbers, "1"), Pick(random, Numbers, "-1"), Pick(random, Numbers, "120")];
                rows.Add(Mutate(random, fields, '\t'));
            }

            Check(string.Join('\n', rows), 0, reader => GavelTraceReader.Read(reader, null, "fuzz.trace"));
        }
    }

    [Fact]
    public void Philly_RandomAndMutatedRows_ParsedWholeOrRejectedNamingTheLine()
    {
        var random = new Random(13);
        for (int i = 0; i < Cases; i++)
        {
            var rows = new List<string>();
            int count = 1 + random.Next(3);
            for (int r = 0; r < count; r++)
            {
                string[] fields = [Pick(random, Timestamps, "2017-10-09 07:01:55"), Pick(random, Numbers, "3600"), Pick(random, Numbers, "8"), "28800", "vc" + r];
                rows.Add(Mutate(random, fields, ','));
            }

            string text = "timestamp,duration,num_gpus,gpu_time,cluster\n" + string.Join('\n', rows);
            Check(text, 1, reader =>
            {
                DateTime origin = PhillyTraceReader.FindOrigin(new StringReader(text), "fuzz.csv");
                return PhillyTraceReader.Read(reader, origin, "fuzz.csv");
            });
        }
    }

    /// <summary>A field from the list half the time, the valid value otherwise.</summary>
    private static string Pick(Random random, string[] values, string valid) =>
        random.Next(2) == 0 ? values[random.Next(values.Length)] : valid;

    private static string Mutate(Random random, string[] fields, char separator)
    {
        var list = new List<string>(fields);
        switch (random.Next(8))
        {
            case 0:
                list.RemoveAt(random.Next(list.Count));
                break;
            case 1:
                list.Insert(random.Next(list.Count), list[random.Next(list.Count)]);
                break;
            case 2:
                int a = random.Next(list.Count);
                int b = random.Next(list.Count);
                (list[a], list[b]) = (list[b], list[a]);
                break;
            case 3:
                var noise = new StringBuilder();
                for (int i = random.Next(1, 12); i > 0; i--)
                {
                    char c = (char)random.Next(1, 0x3000);
                    noise.Append(c is '\n' or '\r' ? ' ' : c);
                }

                list[random.Next(list.Count)] = noise.ToString();
                break;
            default:
                break;
        }

        string row = string.Join(separator, list);
        return random.Next(10) == 0 ? row[..random.Next(row.Length + 1)] : row;
    }

    private static void Check(string text, int headerLines, Func<TextReader, IEnumerable<TraceJob>> read)
    {
        string[] lines = text.Split('\n');
        int dataRows = lines.Skip(headerLines).Count(line => line.Length > 0);
        List<TraceJob> jobs;
        try
        {
            jobs = read(new StringReader(text)).ToList();
        }
        catch (TraceFormatException exception)
        {
            Assert.InRange(exception.LineNumber, 1, lines.Length);
            Assert.Contains($", line {exception.LineNumber.ToString(CultureInfo.InvariantCulture)}", exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', exception.Message);
            return;
        }
        catch (Exception exception)
        {
            Assert.Fail($"{exception.GetType().Name} (not a TraceFormatException) for:\n{text}\n{exception}");
            throw;
        }

        Assert.True(jobs.Count == dataRows, $"{jobs.Count} jobs from {dataRows} rows:\n{text}");
        foreach (TraceJob job in jobs)
        {
            Assert.InRange(job.SubmitTime, 0, TraceJob.MaxSeconds);
            Assert.True(job.Duration is null || job.Duration <= TraceJob.MaxSeconds, text);
            Assert.True(double.IsFinite(job.Priority), text);
            _ = new SimulationJob(new TraceJobConverter(8).Convert(job), job.SubmitTime);
        }
    }
}
