using System.Text.Json;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class StaffingTests
{
    [Fact]
    public void Solve_ReferenceModels_FindTheReferenceServerCounts()
    {
        int solved = 0;
        foreach (string model in new[] { "mmc", "erlang-b" })
        {
            foreach (JsonElement testCase in ReferenceCases.Load(model))
            {
                if (!testCase.Has("solve"))
                {
                    continue;
                }

                double arrivalRate = testCase.Number("arrivalRate");
                double serviceRate = testCase.Number("serviceRate");
                int servers = model == "erlang-b"
                    ? Staffing.ServersForBlocking(arrivalRate / serviceRate, testCase.Number("blockingTarget"))
                    : testCase.Has("serviceLevelTarget")
                        ? Staffing.ServersForServiceLevel(arrivalRate, serviceRate, testCase.Number("waitTarget"), testCase.Number("serviceLevelTarget"))
                        : Staffing.ServersForMeanWait(arrivalRate, serviceRate, testCase.Number("meanWaitTarget"));
                Assert.Equal(testCase.GetProperty("expected").GetProperty("servers").GetInt32(), servers);
                solved++;
            }
        }

        Assert.True(solved >= 7, $"only {solved} staffing reference cases");
    }

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool ServersForServiceLevel_Result_IsTheFewestThatMeetTheTarget(StableQueue input)
    {
        double waitTarget = 0.5 / input.ServiceRate;
        const double Target = 0.8;
        int servers = Staffing.ServersForServiceLevel(input.ArrivalRate, input.ServiceRate, waitTarget, Target);
        bool meets = new MMcQueue(input.ArrivalRate, input.ServiceRate, servers).ServiceLevel(waitTarget) >= Target;
        bool fewerFails = servers == 1 || new MMcQueue(input.ArrivalRate, input.ServiceRate, servers - 1).ServiceLevel(waitTarget) < Target;
        return meets && fewerFails;
    }

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool ServersForMeanWait_Result_IsTheFewestThatMeetTheTarget(StableQueue input)
    {
        double target = 0.05 / input.ServiceRate;
        int servers = Staffing.ServersForMeanWait(input.ArrivalRate, input.ServiceRate, target);
        bool meets = new MMcQueue(input.ArrivalRate, input.ServiceRate, servers).Evaluate().MeanWaitingTime <= target;
        bool fewerFails = servers == 1 || new MMcQueue(input.ArrivalRate, input.ServiceRate, servers - 1).Evaluate().MeanWaitingTime > target;
        return meets && fewerFails;
    }

    [Property(MaxTest = 2000, Arbitrary = new[] { typeof(QueueingArbitraries) })]
    public bool ServersForBlocking_Result_IsTheFewestThatMeetTheTarget(ServersAndLoad input)
    {
        const double Target = 0.01;
        int servers = Staffing.ServersForBlocking(input.Load, Target);
        return ErlangB.BlockingProbability(servers, input.Load) <= Target
            && (servers == 1 || ErlangB.BlockingProbability(servers - 1, input.Load) > Target);
    }

    [Fact]
    public void ServersForServiceLevel_HundredThousandErlangs_IsNearTheSquareRootRule()
    {
        int servers = Staffing.ServersForServiceLevel(100_000, 1, 0.1, 0.95);

        Assert.InRange(servers, 100_001, 100_000 + 3 * 316);
        Assert.True(new MMcQueue(100_000, 1, servers).ServiceLevel(0.1) >= 0.95);
        Assert.True(new MMcQueue(100_000, 1, servers - 1).ServiceLevel(0.1) < 0.95);
    }

    [Theory]
    [InlineData(1, 1, -1, 0.8, "waitTarget")]
    [InlineData(1, 1, 1, 1.0, "serviceLevelTarget")]
    [InlineData(1, 1, 1, double.NaN, "serviceLevelTarget")]
    [InlineData(double.NaN, 1, 1, 0.8, "arrivalRate")]
    [InlineData(1, 0, 1, 0.8, "serviceRate")]
    public void ServersForServiceLevel_InvalidArgument_ThrowsNamingIt(double arrivalRate, double serviceRate, double waitTarget, double level, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => Staffing.ServersForServiceLevel(arrivalRate, serviceRate, waitTarget, level));

        Assert.Equal(parameter, exception.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ServersForBlocking_InvalidTarget_ThrowsNamingIt(double target)
    {
        Assert.Equal("blockingTarget", Assert.Throws<ArgumentOutOfRangeException>(() => Staffing.ServersForBlocking(10, target)).ParamName);
    }

    [Fact]
    public void ServersForMeanWait_ZeroTargetWithTraffic_ThrowsInvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => Staffing.ServersForMeanWait(1, 1, 0));
    }

    [Fact]
    public void ServersForBlocking_LoadNeedingMoreThanIntMaxServers_ThrowsNamingTheLoad()
    {
        Assert.Equal("offeredLoad", Assert.Throws<ArgumentOutOfRangeException>(() => Staffing.ServersForBlocking(1e15, 0.01)).ParamName);
    }
}
