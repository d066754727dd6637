using System.Text.Json;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class MMcKQueueTests
{
    /// <summary>Random M/M/c/K systems: c up to 60, K − c up to 400 (sometimes 10⁶), loads from 0.01 to 20 per server and at 1.</summary>
    private static readonly Arbitrary<MMcKCase> Cases = Arb.From(
        from servers in Gen.Frequency((4, Gen.Choose(1, 8)), (2, Gen.Choose(9, 60)))
        from queueRoom in Gen.Frequency((3, Gen.Choose(0, 10)), (3, Gen.Choose(11, 400)), (1, Gen.Choose(401, 1_000_000)))
        from utilization in UtilizationGen()
        from serviceRate in Gen.Choose(1, 1000).Select(x => x / 100.0)
        select new MMcKCase(utilization * servers * serviceRate, serviceRate, servers, servers + queueRoom));

    [Fact]
    public void Evaluate_ReferenceModels_MatchFiftyDigitValues()
    {
        var failures = new List<string>();
        int checkedCases = 0;
        foreach (JsonElement testCase in ReferenceCases.Load("mmck"))
        {
            QueueMetrics metrics = FromCase(testCase).Evaluate();
            Assert.True(metrics.IsStable);
            CheckAll(testCase, metrics, failures, ReferenceCases.Relative);
            checkedCases++;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCases >= 9, $"only {checkedCases} M/M/c/K reference cases were checked");
    }

    [Fact]
    public void Evaluate_ReferenceModels_MeetTwelveDigits()
    {
        var failures = new List<string>();
        foreach (JsonElement testCase in ReferenceCases.Load("mmck"))
        {
            CheckAll(testCase, FromCase(testCase).Evaluate(), failures, 1e-12);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData(double.NaN, 1.0, 1, 1, "arrivalRate")]
    [InlineData(-1.0, 1.0, 1, 1, "arrivalRate")]
    [InlineData(double.PositiveInfinity, 1.0, 1, 1, "arrivalRate")]
    [InlineData(1.0, 0.0, 1, 1, "serviceRate")]
    [InlineData(1.0, -2.0, 1, 1, "serviceRate")]
    [InlineData(1.0, double.NaN, 1, 1, "serviceRate")]
    [InlineData(1.0, double.PositiveInfinity, 1, 1, "serviceRate")]
    [InlineData(1.0, 1.0, 0, 1, "servers")]
    [InlineData(1.0, 1.0, -3, 1, "servers")]
    [InlineData(1.0, 1.0, 4, 3, "capacity")]
    [InlineData(1.0, 1.0, 1, -1, "capacity")]
    public void Constructor_InvalidArgument_ThrowsNamingParameter(double arrivalRate, double serviceRate, int servers, int capacity, string parameter)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MMcKQueue(arrivalRate, serviceRate, servers, capacity));
        Assert.Equal(parameter, exception.ParamName);
    }

    [Fact]
    public void ProbabilityOfCount_NegativeCount_ThrowsNamingParameter()
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => new MMcKQueue(1, 1, 1, 2).ProbabilityOfCount(-1));
        Assert.Equal("count", exception.ParamName);
    }

    [Property(MaxTest = 3000)]
    public Property Evaluate_AnySystem_ObeysLittlesLawForAdmittedArrivals() => Prop.ForAll(Cases, testCase =>
    {
        QueueMetrics metrics = testCase.Queue.Evaluate();
        Tolerance.AssertClose(metrics.MeanNumberInSystem, metrics.EffectiveArrivalRate * metrics.MeanResponseTime, 1e-12, 0, $"L = λeff·W for {testCase}");
        Tolerance.AssertClose(metrics.MeanQueueLength, metrics.EffectiveArrivalRate * metrics.MeanWaitingTime, 1e-12, 1e-300, $"Lq = λeff·Wq for {testCase}");
        Tolerance.AssertClose(metrics.EffectiveArrivalRate, testCase.ArrivalRate * (1 - metrics.BlockingProbability), 1e-12, 0, $"λeff = λ(1 − pK) for {testCase}");
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_AnySystem_GivesFiguresWithinTheirBounds() => Prop.ForAll(Cases, testCase =>
    {
        QueueMetrics metrics = testCase.Queue.Evaluate();
        int queueRoom = testCase.Capacity - testCase.Servers;
        Assert.True(metrics.IsStable, $"{testCase}");
        Assert.InRange(metrics.BlockingProbability, 0, 1);
        Assert.InRange(metrics.ProbabilityOfWaiting, 0, 1);
        Assert.InRange(metrics.Utilization, 0, 1);
        Assert.InRange(metrics.MeanQueueLength, 0, queueRoom);
        Assert.InRange(metrics.MeanNumberInSystem, 0, testCase.Capacity);
        Assert.InRange(metrics.MeanWaitingTime, 0, queueRoom / (testCase.Servers * testCase.ServiceRate) * (1 + 1e-12));
        Assert.True(metrics.MeanResponseTime >= 1 / testCase.ServiceRate, $"{testCase}: W below the service time");
        if (queueRoom == 0)
        {
            Assert.Equal(0, metrics.ProbabilityOfWaiting);
        }
    });

    [Property(MaxTest = 2000)]
    public Property Evaluate_SmallSystem_MatchesDirectSummationOfTheBirthDeathChain() => Prop.ForAll(Cases.Filter(c => c.Capacity <= 500), testCase =>
    {
        QueueMetrics metrics = testCase.Queue.Evaluate();
        DirectSolution direct = DirectSolution.Solve(testCase);
        string what = testCase.ToString();
        Tolerance.AssertClose(direct.Blocking, metrics.BlockingProbability, 1e-11, 1e-300, $"pK {what}");
        Tolerance.AssertClose(direct.WaitingAdmitted, metrics.ProbabilityOfWaiting, 1e-11, 1e-300, $"P(wait) {what}");
        Tolerance.AssertClose(direct.MeanQueue, metrics.MeanQueueLength, 1e-11, 1e-300, $"Lq {what}");
        Tolerance.AssertClose(direct.MeanNumber, metrics.MeanNumberInSystem, 1e-11, 0, $"L {what}");
        Tolerance.AssertClose(direct.Admitted * testCase.ArrivalRate / (testCase.Servers * testCase.ServiceRate), metrics.Utilization, 1e-11, 0, $"utilization {what}");
    });

    [Property(MaxTest = 1000)]
    public Property ProbabilityOfCount_SmallSystem_SumsToOneAndEndsAtTheBlockingProbability() => Prop.ForAll(Cases.Filter(c => c.Capacity <= 500), testCase =>
    {
        MMcKQueue queue = testCase.Queue;
        DirectSolution direct = DirectSolution.Solve(testCase);
        double total = 0;
        for (int n = 0; n <= testCase.Capacity; n++)
        {
            double probability = queue.ProbabilityOfCount(n);
            Tolerance.AssertClose(direct.Probabilities[n], probability, 1e-10, 1e-300, $"p({n}) {testCase}");
            total += probability;
        }

        Tolerance.AssertClose(1, total, 1e-12, 0, $"Σ pₙ {testCase}");
        Assert.Equal(0, queue.ProbabilityOfCount(testCase.Capacity + 1));
        Tolerance.AssertClose(queue.Evaluate().BlockingProbability, queue.ProbabilityOfCount(testCase.Capacity), 1e-13, 1e-300, $"pK {testCase}");
    });

    [Property(MaxTest = 3000)]
    public Property Evaluate_LossSystem_BlocksWithErlangB() => Prop.ForAll(Cases, testCase =>
    {
        QueueMetrics metrics = new MMcKQueue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Servers, testCase.Servers).Evaluate();
        double erlangB = ErlangB.BlockingProbability(testCase.Servers, testCase.ArrivalRate / testCase.ServiceRate);
        Tolerance.AssertClose(erlangB, metrics.BlockingProbability, 1e-13, 1e-300, $"M/M/c/c {testCase}");
        Assert.Equal(0, metrics.MeanQueueLength);
        Assert.Equal(0, metrics.MeanWaitingTime);
    });

    /// <summary>
    /// With ρ ≤ 0.9 and K − c = 2000 the probability mass M/M/c puts beyond K is below ρ^2000 ≤ 1e-91, so the
    /// figures must agree with M/M/c's to rounding: 1e-11 relative.
    /// </summary>
    [Property(MaxTest = 3000)]
    public Property Evaluate_LargeCapacityBelowSaturation_ApproachesMMc() => Prop.ForAll(Cases.Filter(c => c.ArrivalRate <= 0.9 * c.Servers * c.ServiceRate), testCase =>
    {
        var infinite = new MMcQueue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Servers);
        QueueMetrics expected = infinite.Evaluate();
        QueueMetrics metrics = new MMcKQueue(testCase.ArrivalRate, testCase.ServiceRate, testCase.Servers, testCase.Servers + 2000).Evaluate();
        string what = testCase.ToString();
        Assert.True(metrics.BlockingProbability < 1e-90, $"pK {what}");
        Tolerance.AssertClose(expected.ProbabilityOfWaiting, metrics.ProbabilityOfWaiting, 1e-11, 1e-300, $"P(wait) {what}");
        Tolerance.AssertClose(expected.MeanWaitingTime, metrics.MeanWaitingTime, 1e-11, 1e-300, $"Wq {what}");
        Tolerance.AssertClose(expected.MeanQueueLength, metrics.MeanQueueLength, 1e-11, 1e-300, $"Lq {what}");
        Tolerance.AssertClose(expected.MeanNumberInSystem, metrics.MeanNumberInSystem, 1e-11, 0, $"L {what}");
        Tolerance.AssertClose(expected.Utilization, metrics.Utilization, 1e-12, 0, $"utilization {what}");
    });

    /// <summary>
    /// Crossing ρ = 1 switches the normalization (states up to c for ρ ≤ 1, state K above): the figures at
    /// ρ = 1 ± 1e-12 must stay within the change the load itself causes, which is below 1e-12·(K + 1) relative.
    /// </summary>
    [Property(MaxTest = 2000)]
    public Property Evaluate_AcrossRhoEqualsOne_IsContinuous() => Prop.ForAll(Cases, testCase =>
    {
        double saturating = testCase.Servers * testCase.ServiceRate;
        QueueMetrics at = new MMcKQueue(saturating, testCase.ServiceRate, testCase.Servers, testCase.Capacity).Evaluate();
        double tolerance = 1e-12 * (testCase.Capacity + 1) + 1e-13;
        foreach (double factor in new[] { 1 - 1e-12, 1 + 1e-12 })
        {
            QueueMetrics near = new MMcKQueue(saturating * factor, testCase.ServiceRate, testCase.Servers, testCase.Capacity).Evaluate();
            string what = $"{testCase} at ρ = 1 × {factor:R}";
            Tolerance.AssertClose(at.BlockingProbability, near.BlockingProbability, tolerance, 0, $"pK {what}");
            Tolerance.AssertClose(at.ProbabilityOfWaiting, near.ProbabilityOfWaiting, tolerance, 1e-300, $"P(wait) {what}");
            Tolerance.AssertClose(at.MeanQueueLength, near.MeanQueueLength, tolerance, 1e-300, $"Lq {what}");
            Tolerance.AssertClose(at.MeanNumberInSystem, near.MeanNumberInSystem, tolerance, 0, $"L {what}");
            Tolerance.AssertClose(at.MeanWaitingTime, near.MeanWaitingTime, tolerance, 1e-300, $"Wq {what}");
        }
    });

    /// <summary>
    /// Extreme systems (up to c = 10⁷, K = 2·10⁷, ρ = 1 exactly and 1 ± 1e-12, ρ far above and below 1); four with
    /// (K − c)·|ln ρ| between 0.2 and 0.5, where the queue's mean switches between its series and closed form; and two
    /// near ρ = 1 with K − c in the millions and μ such that λ/μ rounds (ρ^(K−c) then needs ρ − 1 from λ − cμ directly);
    /// all against values computed with mpmath 1.3 at 80 digits from the exact double inputs: Σ_{n≤c} aⁿ/n! = e^a·Q(c + 1, a)
    /// (regularized upper incomplete gamma) or summed directly for c ≤ 200, the part above c as closed-form geometric
    /// sums. Zeros stand for values below double range (e.g. p_K ≈ 5.5e-3915 at ρ = 0.999).
    /// </summary>
    [Theory]
    [InlineData(1000000.0, 1.0, 1000000, 10000000, 0.999999888904368, 1.110956320220487e-07, 0.9998607992786057, 4499373.596823316, 5499373.485727685, 4.499374096684125, 5.499374096684125)]
    [InlineData(1000000.0000010001, 1.0, 1000000, 10000000, 0.999999888904868, 1.1109613208476098e-07, 0.9998607999051095, 4499380.349541567, 5499380.238446436, 4.499380849400876, 5.499380849400876)]
    [InlineData(999999.999999, 1.0, 1000000, 10000000, 0.9999998889038679, 1.1109513201904447e-07, 0.9998607986521729, 4499366.844891087, 5499366.733794956, 4.499367344753396, 5.499367344753396)]
    [InlineData(1.0, 1.0, 1, 10000000, 0.99999990000001, 9.9999990000001e-08, 0.9999999, 4999999.0000001, 5000000.0, 4999999.5, 5000000.5)]
    [InlineData(1.000000000001, 1.0, 1, 10000000, 0.9999999000005101, 1.0000049004523476e-07, 0.9999999000005001, 5000007.334075938, 5000008.334075838, 5000007.834074171, 5000008.834074171)]
    [InlineData(0.999999999999, 1.0, 1, 10000000, 0.99999989999951, 9.999949001194516e-08, 0.9999998999995, 4999990.666849447, 4999991.666849348, 4999991.166851014, 4999992.166851014)]
    [InlineData(999000.0, 1.0, 1000000, 10000000, 0.999, 0, 0.22330339029134408, 223.08008690105274, 999223.0800869011, 0.00022330339029134408, 1.0002233033902914)]
    [InlineData(1001000.0, 1.0, 1000000, 10000000, 1.0, 0.000999000999000999, 1.0, 8999000.0, 9999000.0, 8.999, 9.999)]
    [InlineData(2000000.0, 1.0, 1000000, 10000000, 1.0, 0.5, 1.0, 8999999.0, 9999999.0, 8.999999, 9.999999)]
    [InlineData(500000.0, 1.0, 1000000, 10000000, 0.5, 0, 0, 0, 500000.0, 0, 1.0)]
    [InlineData(1000000.0, 1.0, 1000000, 1000000, 0.9992025396931444, 0.000797460306855561, 0, 0, 999202.5396931444, 0, 1.0)]
    [InlineData(1100000.0, 1.0, 1000000, 1000100, 0.999999999274575, 0.09090909156856826, 0.9999274422631953, 90.00072631004684, 1000090.000000885, 9.000072637533563e-05, 1.0000900007263753)]
    [InlineData(30000000.0, 2.0, 10000000, 20000000, 1.0, 0.3333333333333333, 1.0, 9999998.0, 19999998.0, 0.4999999, 0.9999999)]
    [InlineData(1000000000.0, 1.0, 1000, 10000000, 1.0, 0.999999, 1.0, 9998999.999999, 9999999.999999, 9998.999999999, 9999.999999999)]
    [InlineData(9.99998, 1.0, 10, 100010, 0.9999889671632839, 9.032854781888458e-06, 0.9999596171482454, 48332.456571418414, 48342.45646109005, 4833.298982140312, 4834.298982140312)]
    [InlineData(10.000029999999999, 1.0, 10, 100010, 0.9999914255598921, 1.1574405384620098e-05, 0.9999686152492232, 52494.65657045502, 52504.65648471063, 5249.510668660327, 5250.510668660327)]
    [InlineData(499.955, 0.5, 1000, 6000, 0.9997532181455638, 0.0001567959660731042, 0.990311255487971, 2290.6399162112407, 3290.3931343568047, 4.582410688229911, 6.582410688229911)]
    [InlineData(500.05, 0.5, 1000, 6000, 0.9998474061486617, 0.00025256859447881963, 0.9939927382429204, 2691.2819562848663, 3691.129362433528, 5.383385384078727, 7.383385384078727)]
    [InlineData(34.93626296788791, 17.468131483442647, 2, 10000000, 0.9999999000143536, 1.0001434493618924e-07, 0.9999998500215154, 5000237.404211897, 5000239.404211697, 143124.57828999756, 143124.635537105)]
    [InlineData(0.2999999997000001, 0.1, 3, 5000003, 0.9999997994996991, 1.9950030130799088e-07, 0.9999996212771339, 2497915.721088242, 2497918.72108764, 8326387.406403986, 8326397.406403986)]
    public void Evaluate_ExtremeSystems_MatchMpmath(
        double arrivalRate, double serviceRate, int servers, int capacity,
        double utilization, double blocking, double waiting, double meanQueue, double meanNumber, double meanWait, double meanResponse)
    {
        QueueMetrics metrics = new MMcKQueue(arrivalRate, serviceRate, servers, capacity).Evaluate();
        string what = $"M/M/{servers}/{capacity} λ={arrivalRate:R}";
        Assert.True(metrics.IsStable);
        Tolerance.AssertClose(utilization, metrics.Utilization, 1e-12, 0, $"utilization {what}");
        Tolerance.AssertClose(blocking, metrics.BlockingProbability, 1e-12, 0, $"pK {what}");
        Tolerance.AssertClose(waiting, metrics.ProbabilityOfWaiting, 1e-12, 0, $"P(wait) {what}");
        Tolerance.AssertClose(meanQueue, metrics.MeanQueueLength, 1e-12, 0, $"Lq {what}");
        Tolerance.AssertClose(meanNumber, metrics.MeanNumberInSystem, 1e-12, 0, $"L {what}");
        Tolerance.AssertClose(meanWait, metrics.MeanWaitingTime, 1e-12, 0, $"Wq {what}");
        Tolerance.AssertClose(meanResponse, metrics.MeanResponseTime, 1e-12, 0, $"W {what}");
    }

    [Fact]
    public void Evaluate_NoArrivals_IsIdle()
    {
        QueueMetrics metrics = new MMcKQueue(0, 4, 3, 10).Evaluate();
        Assert.Equal(0, metrics.MeanNumberInSystem);
        Assert.Equal(0, metrics.BlockingProbability);
        Assert.Equal(0, metrics.MeanWaitingTime);
        Assert.Equal(0.25, metrics.MeanResponseTime);
        Assert.Equal(1, new MMcKQueue(0, 4, 3, 10).ProbabilityOfCount(0));
    }

    [Fact]
    public void Evaluate_LoadBeyondDoubleRange_IsAlwaysFullAndServesAtCapacity()
    {
        var queue = new MMcKQueue(1e300, 1e-300, 4, 10);
        QueueMetrics metrics = queue.Evaluate();
        Assert.Equal(1, metrics.BlockingProbability);
        Assert.Equal(1, metrics.Utilization);
        Assert.Equal(4 * 1e-300, metrics.EffectiveArrivalRate);
        Assert.Equal(10, metrics.MeanNumberInSystem);
        Assert.Equal(6, metrics.MeanQueueLength);
        Assert.Equal(1, queue.ProbabilityOfCount(10));
        Assert.Equal(0, queue.ProbabilityOfCount(9));
    }

    /// <summary>p_c and p_{(c+K)/2} of M/M/10⁶/10⁷ at ρ = 1 and p_{c−1000} (below the servers), from the mpmath model above.</summary>
    [Fact]
    public void ProbabilityOfCount_ExtremeSystem_MatchesMpmath()
    {
        var queue = new MMcKQueue(1e6, 1, 1_000_000, 10_000_000);
        Tolerance.AssertClose(PcAtRhoOne, queue.ProbabilityOfCount(1_000_000), 1e-12, 0, "p_c");
        Tolerance.AssertClose(PcAtRhoOne, queue.ProbabilityOfCount(5_500_000), 1e-12, 0, "p_(c+K)/2");
        Tolerance.AssertClose(PBelowAtRhoOne, queue.ProbabilityOfCount(999_000), 1e-11, 0, "p_(c−1000)");
    }

    /// <summary>p_c = 1/(e^a·Q(c + 1, a)·c!/a^c + K − c) at a = c = 10⁶, K = 10⁷ (mpmath, 80 digits); at ρ = 1 every state c..K has it.</summary>
    private const double PcAtRhoOne = 1.110956320220487e-07;

    /// <summary>p_{c−1000} = p_c·c!/((c − 1000)!·a^1000) for the same system (mpmath, 80 digits).</summary>
    private const double PBelowAtRhoOne = 6.740538293090677e-08;

    /// <summary>Per-server loads: log-uniform over [0.01, 20], and values at and within 1e-12 to 1e-6 of 1.</summary>
    private static Gen<double> UtilizationGen() => Gen.Frequency(
        (6, Gen.Choose(0, 1_000_000).Select(x => 0.01 * Math.Pow(2000, x / 1e6))),
        (1, Gen.Elements(1.0, 1 - 1e-12, 1 + 1e-12, 1 - 1e-9, 1 + 1e-9, 1 - 1e-6, 1 + 1e-6)));

    /// <summary>One generated system; <see cref="ArrivalRate"/> is ρ·c·μ, so ρ is 1 only to rounding.</summary>
    internal sealed record MMcKCase(double ArrivalRate, double ServiceRate, int Servers, int Capacity)
    {
        public MMcKQueue Queue => new(ArrivalRate, ServiceRate, Servers, Capacity);
    }

    /// <summary>
    /// The textbook solution: pₙ ∝ Π_{k≤n} a/min(k, c), summed state by state in log space (every term positive,
    /// so nothing cancels), for checking the O(1) closed forms on small systems.
    /// </summary>
    private sealed record DirectSolution(double[] Probabilities, double Blocking, double Admitted, double WaitingAdmitted, double MeanQueue, double MeanNumber)
    {
        public static DirectSolution Solve(MMcKCase testCase)
        {
            double load = testCase.ArrivalRate / testCase.ServiceRate;
            int capacity = testCase.Capacity;
            int servers = testCase.Servers;
            var logWeights = new double[capacity + 1];
            for (int n = 1; n <= capacity; n++)
            {
                logWeights[n] = logWeights[n - 1] + Math.Log(load / Math.Min(n, servers));
            }

            double largest = logWeights.Max();
            var probabilities = new double[capacity + 1];
            double total = 0;
            for (int n = 0; n <= capacity; n++)
            {
                probabilities[n] = Math.Exp(logWeights[n] - largest);
                total += probabilities[n];
            }

            double admitted = 0;
            double waiting = 0;
            double meanQueue = 0;
            double meanNumber = 0;
            for (int n = 0; n <= capacity; n++)
            {
                probabilities[n] /= total;
                admitted += n < capacity ? probabilities[n] : 0;
                waiting += n >= servers && n < capacity ? probabilities[n] : 0;
                meanQueue += Math.Max(0, n - servers) * probabilities[n];
                meanNumber += n * probabilities[n];
            }

            return new DirectSolution(probabilities, probabilities[capacity], admitted, waiting / admitted, meanQueue, meanNumber);
        }
    }

    private static MMcKQueue FromCase(JsonElement testCase) =>
        new(testCase.Number("arrivalRate"), testCase.Number("serviceRate"), testCase.Integer("servers"), testCase.Integer("capacity"));

    private static void CheckAll(JsonElement testCase, QueueMetrics metrics, List<string> failures, double relative)
    {
        testCase.Check("utilization", metrics.Utilization, failures, relative);
        testCase.Check("blockingProbability", metrics.BlockingProbability, failures, relative);
        testCase.Check("probabilityOfWaiting", metrics.ProbabilityOfWaiting, failures, relative);
        testCase.Check("meanQueueLength", metrics.MeanQueueLength, failures, relative);
        testCase.Check("meanNumberInSystem", metrics.MeanNumberInSystem, failures, relative);
        testCase.Check("meanWaitingTime", metrics.MeanWaitingTime, failures, relative);
        testCase.Check("meanResponseTime", metrics.MeanResponseTime, failures, relative);
    }
}
