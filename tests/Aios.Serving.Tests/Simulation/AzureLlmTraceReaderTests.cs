using Aios.Scheduling.Traces;
using Aios.Serving.Simulation;
using Aios.Testing;

namespace Aios.Serving.Tests.Simulation;

public sealed class AzureLlmTraceReaderTests
{
    private const string Header = "TIMESTAMP,ContextTokens,GeneratedTokens";

    [Fact]
    public void Read_ConversationTrace_HasTheDocumentedRequests()
    {
        RequestTrace trace = ServingTestData.RequireConversation();

        Assert.Equal(19_366, trace.Count);
        Assert.Equal(0, trace.Requests[0].ArrivalTime);
        Assert.Equal(374, trace.Requests[0].PromptTokens);
        Assert.Equal(44, trace.Requests[0].OutputTokens);
        Assert.Equal(4.3146, trace.Requests[1].ArrivalTime, 4);
        Assert.InRange(trace.Duration, 3500, 3600);
    }

    [Fact]
    public void Read_CodeTrace_HasTheDocumentedRequests()
    {
        RequestTrace trace = AzureLlmTraceReader.Read(SharedData.RequireFile(ServingTestData.CodeFile));

        Assert.Equal(8_819, trace.Count);
        Assert.Equal("AzureLLMInferenceTrace_code.csv", trace.Name);
    }

    [Fact]
    public void Read_ColumnsInAnyOrder_ReadsEach()
    {
        RequestTrace trace = Read("GeneratedTokens,TIMESTAMP,ContextTokens,Extra\n5,2023-11-16 18:00:00.5,100,x\n7,2023-11-16 18:00:02,200,y\n");

        Assert.Equal([new ServingRequest(0, 100, 5), new ServingRequest(1.5, 200, 7)], trace.Requests);
    }

    [Theory]
    [InlineData("2023-11-16 18:00:00,abc,5", 2, "ContextTokens")]
    [InlineData("2023-11-16 18:00:00,0,5", 2, "ContextTokens")]
    [InlineData("2023-11-16 18:00:00,10,-1", 2, "GeneratedTokens")]
    [InlineData("yesterday,10,5", 2, "TIMESTAMP")]
    [InlineData("2023-11-16 18:00:00,10", 2, null)]
    public void Read_BadLine_NamesFileLineAndColumn(string line, long lineNumber, string? column)
    {
        TraceFormatException error = Assert.Throws<TraceFormatException>(() => Read($"{Header}\n{line}\n"));

        Assert.Equal("test.csv", error.FileName);
        Assert.Equal(lineNumber, error.LineNumber);
        Assert.Equal(column, error.Column);
        Assert.StartsWith($"test.csv, line {lineNumber}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ArrivalBeforeTheFirst_IsAnError()
    {
        TraceFormatException error = Assert.Throws<TraceFormatException>(() => Read($"{Header}\n2023-11-16 18:00:05,1,1\n2023-11-16 18:00:01,1,1\n"));

        Assert.Equal(3, error.LineNumber);
        Assert.Equal("TIMESTAMP", error.Column);
    }

    [Fact]
    public void Read_MissingHeader_SaysWhichColumnsAreNeeded()
    {
        TraceFormatException error = Assert.Throws<TraceFormatException>(() => Read("time,prompt,output\n1,2,3\n"));

        Assert.Contains("TIMESTAMP, ContextTokens and GeneratedTokens", error.Message, StringComparison.Ordinal);
        Assert.Throws<TraceFormatException>(() => Read(""));
    }

    [Fact]
    public void Read_ZeroGeneratedTokens_CountsTheFirstToken()
    {
        RequestTrace trace = Read($"{Header}\n2023-11-16 18:00:00,10,0\n");

        Assert.Equal(1, trace.Requests[0].OutputTokens);
    }

    [Fact]
    public void Read_FuzzedLines_EachIsReadOrRefusedWithItsLine()
    {
        var random = new Random(15);
        string[] seeds = ["2023-11-16 18:15:46.6805900,374,44", "2023-11-16 18:15:50.9951690,396,109", "2023-11-16 18:16:00,1,1"];
        const string Alphabet = "0123456789,.:- TZabc\"\u00e9\t";
        int read = 0, refused = 0;
        for (int i = 0; i < 5000; i++)
        {
            char[] line = seeds[random.Next(seeds.Length)].ToCharArray();
            int mutations = random.Next(1, 4);
            var text = new System.Text.StringBuilder(new string(line));
            for (int m = 0; m < mutations; m++)
            {
                int at = random.Next(text.Length + 1);
                switch (random.Next(3))
                {
                    case 0 when text.Length > 0 && at < text.Length: text.Remove(at, 1); break;
                    case 1: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: if (at < text.Length) { text[at] = Alphabet[random.Next(Alphabet.Length)]; } break;
                }
            }

            if (random.Next(10) == 0)
            {
                text.Clear().Append(new string([.. Enumerable.Range(0, random.Next(60)).Select(_ => (char)random.Next(1, 0x3000))]));
            }

            string content = $"{Header}\n2023-11-16 18:15:00,5,5\n{text}\n";
            try
            {
                RequestTrace trace = Read(content);
                Assert.InRange(trace.Count, 1, 2);
                Assert.All(trace.Requests, request => Assert.True(request.PromptTokens >= 1 && request.OutputTokens >= 1 && request.ArrivalTime >= 0));
                read++;
            }
            catch (TraceFormatException error)
            {
                Assert.Equal(3, error.LineNumber);
                Assert.StartsWith("test.csv, line 3", error.Message, StringComparison.Ordinal);
                refused++;
            }
        }

        Assert.True(read > 100 && refused > 100, $"read {read}, refused {refused}");
    }

    private static RequestTrace Read(string content) => AzureLlmTraceReader.Read(new StringReader(content), "test.csv");
}
