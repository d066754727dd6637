using System.Text.Json;

namespace Aios.Queueing.Tests;

public sealed class MMcQueueTests
{
    [Fact]
    public void Evaluate_ReferenceModels_MatchFiftyDigitValues()
    {
        var failures = new List<string>();
        int checkedCases = 0;
        foreach (JsonElement testCase in ReferenceCases.Load("mmc"))
        {
            if (testCase.Has("solve"))
            {
                continue;
            }

            var queue = new MMcQueue(testCase.Number("arrivalRate"), testCase.Number("serviceRate"), testCase.Integer("servers"));
            QueueMetrics metrics = queue.Evaluate();
            bool expectedStable = testCase.GetProperty("expected").GetProperty("stable").GetBoolean();
            Assert.Equal(expectedStable, metrics.IsStable);
            testCase.Check("utilization", metrics.Utilization, failures);
            if (expectedStable)
            {
                testCase.Check("probabilityOfWaiting", metrics.ProbabilityOfWaiting, failures);
                testCase.Check("meanWaitingTime", metrics.MeanWaitingTime, failures);
                testCase.Check("meanResponseTime", metrics.MeanResponseTime, failures);
                testCase.Check("meanQueueLength", metrics.MeanQueueLength, failures);
                testCase.Check("meanNumberInSystem", metrics.MeanNumberInSystem, failures);
                if (testCase.Has("waitTarget"))
                {
                    testCase.Check("serviceLevel", queue.ServiceLevel(testCase.Number("waitTarget")), failures);
                }
            }
            else
            {
                Assert.Equal(double.PositiveInfinity, metrics.MeanWaitingTime);
            }

            checkedCases++;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCases >= 80, $"only {checkedCases} M/M/c reference cases were checked");
    }

    [Fact]
    public void Evaluate_ReferenceModels_MeetTwelveDigitsWhereDoublePrecisionAllows()
    {
        var failures = new List<string>();
        foreach (JsonElement testCase in ReferenceCases.Load("mmc"))
        {
            if (testCase.Has("solve") || !testCase.GetProperty("expected").GetProperty("stable").GetBoolean())
            {
                continue;
            }

            var queue = new MMcQueue(testCase.Number("arrivalRate"), testCase.Number("serviceRate"), testCase.Integer("servers"));
            QueueMetrics metrics = queue.Evaluate();
            testCase.Check("probabilityOfWaiting", metrics.ProbabilityOfWaiting, failures, 1e-12);
            testCase.Check("meanWaitingTime", metrics.MeanWaitingTime, failures, 1e-12);
            testCase.Check("meanNumberInSystem", metrics.MeanNumberInSystem, failures, 1e-12);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}
