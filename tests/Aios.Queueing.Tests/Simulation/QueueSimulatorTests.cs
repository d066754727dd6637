using Aios.Queueing.Simulation;
using Aios.Testing;

namespace Aios.Queueing.Tests.Simulation;

/// <summary>
/// The simulator against the analytic models. Each expected value comes from one helper method named
/// Expected…, so that the inline textbook formulas can later be replaced by the library's own models.
/// </summary>
public sealed class QueueSimulatorTests
{
    [Theory]
    [InlineData(9.0, 5.0, 2, 2_000_000)]
    [InlineData(15.0, 5.0, 4, 500_000)]
    public void Run_MMc_AgreesWithErlangC(double arrivalRate, double serviceRate, int servers, long jobs)
    {
        QueueSimulationOptions options = Options(servers, jobs, seed: 11, new QueueSimulationClass(arrivalRate, ServiceDistribution.Exponential(serviceRate)));

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        QueueMetrics expected = ExpectedMMc(arrivalRate, serviceRate, servers);
        SimulationAssert.Agrees(result.Overall, expected, $"M/M/{servers} λ={arrivalRate} μ={serviceRate}");
        Assert.Equal(result.Overall, result.Classes[0]);
    }

    [Theory]
    [InlineData(10.0, 3.0, 3, 6)]
    [InlineData(4.5, 2.0, 2, 10)]
    [InlineData(0.8, 1.0, 1, 1)]
    public void Run_MMcK_AgreesWithProductForm(double arrivalRate, double serviceRate, int servers, int capacity)
    {
        QueueSimulationOptions options = Options(servers, 400_000, seed: 12, new QueueSimulationClass(arrivalRate, ServiceDistribution.Exponential(serviceRate)));
        options.Capacity = capacity;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        QueueMetrics expected = ExpectedMMcK(arrivalRate, serviceRate, servers, capacity);
        SimulationAssert.Agrees(result.Overall, expected, $"M/M/{servers}/{capacity} λ={arrivalRate} μ={serviceRate}");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(4.0)]
    public void Run_MG1_AgreesWithPollaczekKhinchine(double scv)
    {
        const double ArrivalRate = 0.7;
        const double MeanService = 1.0;
        long jobs = scv > 1 ? 1_000_000 : 400_000;
        QueueSimulationOptions options = Options(1, jobs, seed: 13, new QueueSimulationClass(ArrivalRate, ServiceDistribution.FromMeanAndScv(MeanService, scv)));

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        QueueMetrics expected = ExpectedMG1(ArrivalRate, MeanService, scv);
        SimulationAssert.Agrees(result.Overall, expected, $"M/G/1 SCV={scv}");
    }

    [Fact]
    public void Run_NonPreemptivePriorityThreeClassesOneServer_AgreesWithCobham()
    {
        QueueSimulationClass[] classes = ThreeExponentialClasses();
        QueueSimulationOptions options = Options(1, 1_000_000, seed: 14, classes);
        options.Discipline = QueueSimulationDiscipline.NonPreemptivePriority;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        double[] expectedWaits = ExpectedNonPreemptivePriorityWaits(classes);
        double load = TotalLoad(classes);
        for (int k = 0; k < classes.Length; k++)
        {
            AssertClassAgrees(result.Classes[k], classes[k], 1, expectedWaits[k], $"non-preemptive class {k + 1}");
            // A job waits exactly when it finds the single server busy (PASTA), whatever its class.
            SimulationAssert.Agrees(result.Classes[k].ProbabilityOfWaiting, load, $"non-preemptive class {k + 1} P(wait)");
        }
    }

    [Fact]
    public void Run_PreemptiveResumePriorityThreeClassesOneServer_AgreesWithClassicFormula()
    {
        QueueSimulationClass[] classes = ThreeExponentialClasses();
        QueueSimulationOptions options = Options(1, 1_000_000, seed: 15, classes);
        options.Discipline = QueueSimulationDiscipline.PreemptiveResumePriority;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        double[] expectedResponses = ExpectedPreemptiveResumePriorityResponses(classes);
        for (int k = 0; k < classes.Length; k++)
        {
            AssertClassAgrees(result.Classes[k], classes[k], 1, expectedResponses[k] - classes[k].Service.Mean, $"preemptive class {k + 1}");
        }
    }

    [Theory]
    [InlineData(QueueSimulationDiscipline.NonPreemptivePriority)]
    [InlineData(QueueSimulationDiscipline.PreemptiveResumePriority)]
    public void Run_PriorityTwoGeneralClassesOneServer_AgreesWithKleinrock(QueueSimulationDiscipline discipline)
    {
        // Constant short jobs ahead of highly variable long ones: E[S²] differs from the exponential's.
        QueueSimulationClass[] classes =
        [
            new(0.5, ServiceDistribution.Deterministic(0.4)),
            new(0.25, ServiceDistribution.Hyperexponential(2.0, 3.0)),
        ];
        QueueSimulationOptions options = Options(1, 1_500_000, seed: 16, classes);
        options.Discipline = discipline;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        double[] expectedWaits = discipline == QueueSimulationDiscipline.NonPreemptivePriority
            ? ExpectedNonPreemptivePriorityWaits(classes)
            : ExpectedPreemptiveResumePriorityResponses(classes).Select((response, k) => response - classes[k].Service.Mean).ToArray();
        for (int k = 0; k < classes.Length; k++)
        {
            AssertClassAgrees(result.Classes[k], classes[k], 1, expectedWaits[k], $"{discipline} class {k + 1}");
        }
    }

    [Fact]
    public void Run_NonPreemptivePriorityMMcCommonRate_AgreesWithCobhamErlangC()
    {
        QueueSimulationClass[] classes = ThreeClassesCommonRate(out double serviceRate);
        QueueSimulationOptions options = Options(3, 1_000_000, seed: 17, classes);
        options.Discipline = QueueSimulationDiscipline.NonPreemptivePriority;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        double[] expectedWaits = ExpectedNonPreemptivePriorityMMcWaits(classes, serviceRate, 3);
        for (int k = 0; k < classes.Length; k++)
        {
            AssertClassAgrees(result.Classes[k], classes[k], 3, expectedWaits[k], $"M/M/3 non-preemptive class {k + 1}");
        }
    }

    [Fact]
    public void Run_PreemptiveResumePriorityMMcCommonRate_AgreesWithBuzenBondi()
    {
        QueueSimulationClass[] classes = ThreeClassesCommonRate(out double serviceRate);
        QueueSimulationOptions options = Options(3, 1_000_000, seed: 18, classes);
        options.Discipline = QueueSimulationDiscipline.PreemptiveResumePriority;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        double[] expectedResponses = ExpectedPreemptiveResumePriorityMMcResponses(classes, serviceRate, 3);
        for (int k = 0; k < classes.Length; k++)
        {
            AssertClassAgrees(result.Classes[k], classes[k], 3, expectedResponses[k] - 1 / serviceRate, $"M/M/3 preemptive class {k + 1}");
        }
    }

    [Fact]
    public void Run_FcfsSeveralClasses_EachClassSeesTheSameWait()
    {
        QueueSimulationClass[] classes = ThreeClassesCommonRate(out double serviceRate);
        QueueSimulationOptions options = Options(3, 500_000, seed: 19, classes);

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        double totalRate = classes.Sum(c => c.ArrivalRate);
        QueueMetrics expected = ExpectedMMc(totalRate, serviceRate, 3);
        SimulationAssert.Agrees(result.Overall, expected, "M/M/3 FCFS, three classes pooled");
        for (int k = 0; k < classes.Length; k++)
        {
            SimulationAssert.Agrees(result.Classes[k].MeanWaitingTime, expected.MeanWaitingTime, $"FCFS class {k + 1} Wq");
        }
    }

    [Fact]
    public void Run_DeterministicArrivalsAndService_NeverWaits()
    {
        QueueSimulationOptions options = Options(1, 10_000, seed: 20, new QueueSimulationClass(ServiceDistribution.Deterministic(1.0), ServiceDistribution.Deterministic(0.6)));

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Overall.ProbabilityOfWaiting.Mean);
        Assert.Equal(0, result.Overall.MeanWaitingTime.Mean);
        Tolerance.AssertClose(0.6, result.Overall.MeanResponseTime.Mean, relative: 1e-9, what: "D/D/1 W");
        Tolerance.AssertClose(0.6, result.Overall.Utilization.Mean, relative: 1e-3, what: "D/D/1 utilization");
        Tolerance.AssertClose(1.0, result.Overall.Throughput.Mean, relative: 1e-3, what: "D/D/1 throughput");
    }

    [Fact]
    public void Run_Duration_MeasuresThatMuchTimeAndAgreesWithMM1()
    {
        QueueSimulationOptions options = Options(1, 0, seed: 21, new QueueSimulationClass(0.6, ServiceDistribution.Exponential(1.0)));
        options.Duration = 400_000;
        options.WarmupTime = 500;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        Tolerance.AssertClose(400_000, result.MeasuredTime, relative: 1e-12, what: "measured time");
        Assert.True(result.WarmupEndTime >= 500, $"warm-up ended at {result.WarmupEndTime}");
        SimulationAssert.Agrees(result.Overall, ExpectedMMc(0.6, 1.0, 1), "M/M/1 by duration");
    }

    [Theory]
    [InlineData(QueueSimulationDiscipline.Fcfs)]
    [InlineData(QueueSimulationDiscipline.PreemptiveResumePriority)]
    public void Run_GeneralArrivalsFiniteCapacity_SatisfiesLittlesLaw(QueueSimulationDiscipline discipline)
    {
        QueueSimulationClass[] classes =
        [
            new(ServiceDistribution.Hyperexponential(1.0, 4.0), ServiceDistribution.Gamma(0.8, 0.3)),
            new(ServiceDistribution.Erlang(3, 2.0), ServiceDistribution.Exponential(1.0)),
        ];
        QueueSimulationOptions options = Options(2, 200_000, seed: 22, classes);
        options.Capacity = 6;
        options.Discipline = discipline;

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        // Over a finite window L and X·W differ only by the jobs present at its ends.
        foreach (QueueSimulationMetrics metrics in result.Classes.Append(result.Overall))
        {
            Tolerance.AssertClose(metrics.MeanNumberInSystem.Mean, metrics.Throughput.Mean * metrics.MeanResponseTime.Mean, relative: 1e-3, what: "L = X·W");
            Tolerance.AssertClose(metrics.MeanQueueLength.Mean, metrics.Throughput.Mean * metrics.MeanWaitingTime.Mean, relative: 2e-3, what: "Lq = X·Wq");
        }

        Assert.True(result.Overall.BlockingProbability.Mean > 0.01, $"blocking {result.Overall.BlockingProbability}");
        Tolerance.AssertClose(result.Overall.Utilization.Mean, result.Classes[0].Utilization.Mean + result.Classes[1].Utilization.Mean, relative: 1e-12, what: "utilization adds up");
    }

    [Fact]
    public void Run_SameSeed_GivesIdenticalResults()
    {
        QueueSimulationOptions options = Options(2, 50_000, seed: 23, ThreeClassesCommonRate(out _));
        options.Discipline = QueueSimulationDiscipline.PreemptiveResumePriority;

        QueueSimulationResult first = QueueSimulator.Run(options, TestContext.Current.CancellationToken);
        QueueSimulationResult second = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        Assert.Equal(first.Overall, second.Overall);
        Assert.Equal(first.Classes, second.Classes);
        Assert.Equal(first.MeasuredTime, second.MeasuredTime);
    }

    [Fact]
    public void Run_DifferentSeeds_GiveDifferentResults()
    {
        QueueSimulationOptions options = Options(2, 50_000, seed: 23, ThreeClassesCommonRate(out _));
        QueueSimulationResult first = QueueSimulator.Run(options, TestContext.Current.CancellationToken);
        options.Seed = 24;

        QueueSimulationResult second = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        Assert.NotEqual(first.Overall.MeanResponseTime.Mean, second.Overall.MeanResponseTime.Mean);
        Assert.NotEqual(first.MeasuredTime, second.MeasuredTime);
    }

    [Fact]
    public void Run_SameSeedOtherDiscipline_SeesTheSameWorkOnOneServer()
    {
        // Each class has its own stream, so the arrivals and their work do not depend on the discipline; on one
        // server every work-conserving discipline then has the same busy periods.
        QueueSimulationClass[] classes = ThreeExponentialClasses();
        var utilizations = new List<double>();
        foreach (QueueSimulationDiscipline discipline in Enum.GetValues<QueueSimulationDiscipline>())
        {
            QueueSimulationOptions options = Options(1, 0, seed: 25, classes);
            options.Discipline = discipline;
            options.WarmupJobs = 0;
            options.Duration = 5_000;

            utilizations.Add(QueueSimulator.Run(options, TestContext.Current.CancellationToken).Overall.Utilization.Mean);
        }

        Assert.All(utilizations, u => Tolerance.AssertClose(utilizations[0], u, relative: 1e-9, what: "utilization across disciplines"));
        Assert.NotEqual(0.8, utilizations[0]);
    }

    [Fact]
    public void Run_Unstable_FinishesWithAGrowingQueue()
    {
        QueueSimulationOptions options = Options(1, 20_000, seed: 27, new QueueSimulationClass(2.0, ServiceDistribution.Exponential(1.0)));

        QueueSimulationResult result = QueueSimulator.Run(options, TestContext.Current.CancellationToken);

        // Arrivals outpace completions by λ − μ = 1 per unit time, so the queue holds thousands by the end.
        Assert.True(result.Overall.MeanQueueLength.Mean > 1_000, $"Lq = {result.Overall.MeanQueueLength}");
        Tolerance.AssertClose(1.0, result.Overall.Utilization.Mean, relative: 1e-9, what: "a saturated server is always busy");
        Tolerance.AssertClose(1.0, result.Overall.ProbabilityOfWaiting.Mean, relative: 1e-9, what: "every job waits");
    }

    [Fact]
    public void Run_CancelledToken_Throws()
    {
        QueueSimulationOptions options = Options(1, 1_000_000, seed: 26, new QueueSimulationClass(0.5, ServiceDistribution.Exponential(1)));
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => QueueSimulator.Run(options, cancellation.Token));
    }

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "Servers=0", "options.Servers" },
        { "Capacity<Servers", "options.Capacity" },
        { "NoClasses", "options.Classes" },
        { "Discipline=7", "options.Discipline" },
        { "WarmupJobs=-1", "options.WarmupJobs" },
        { "WarmupTime=NaN", "options.WarmupTime" },
        { "Batches=1", "options.Batches" },
        { "Batches=10001", "options.Batches" },
        { "Jobs<Batches", "options.Jobs" },
        { "Duration=0", "options.Duration" },
        { "Duration=Infinity", "options.Duration" },
        { "ConfidenceLevel=1", "options.ConfidenceLevel" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Run_InvalidOption_ThrowsNamingIt(string change, string parameter)
    {
        QueueSimulationOptions options = Options(2, 1000, seed: 1, new QueueSimulationClass(1, ServiceDistribution.Exponential(1)));
        switch (change)
        {
            case "Servers=0": options.Servers = 0; break;
            case "Capacity<Servers": options.Capacity = 1; break;
            case "NoClasses": options.Classes.Clear(); break;
            case "Discipline=7": options.Discipline = (QueueSimulationDiscipline)7; break;
            case "WarmupJobs=-1": options.WarmupJobs = -1; break;
            case "WarmupTime=NaN": options.WarmupTime = double.NaN; break;
            case "Batches=1": options.Batches = 1; break;
            case "Batches=10001": options.Batches = 10_001; break;
            case "Jobs<Batches": options.Jobs = 19; break;
            case "Duration=0": options.Duration = 0; break;
            case "Duration=Infinity": options.Duration = double.PositiveInfinity; break;
            default: options.ConfidenceLevel = 1; break;
        }

        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => QueueSimulator.Run(options, TestContext.Current.CancellationToken));

        Assert.Equal(parameter, exception.ParamName);
        Assert.Contains(parameter, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NullOptionsOrClass_Throws()
    {
        QueueSimulationOptions options = Options(1, 1000, seed: 1, new QueueSimulationClass(1, ServiceDistribution.Exponential(2)));
        options.Classes.Add(null!);

        Assert.Throws<ArgumentNullException>(() => QueueSimulator.Run(null!, TestContext.Current.CancellationToken));
        var exception = Assert.Throws<ArgumentNullException>(() => QueueSimulator.Run(options, TestContext.Current.CancellationToken));
        Assert.Equal("options.Classes[1]", exception.ParamName);
    }

    private static QueueSimulationOptions Options(int servers, long jobs, int seed, params QueueSimulationClass[] classes)
    {
        var options = new QueueSimulationOptions
        {
            Servers = servers,
            Jobs = jobs,
            Seed = seed,
            WarmupJobs = 20_000,
            Batches = 20,
            ConfidenceLevel = SimulationAssert.ConfidenceLevel,
        };
        foreach (QueueSimulationClass jobClass in classes)
        {
            options.Classes.Add(jobClass);
        }

        return options;
    }

    /// <summary>Exponential classes with unequal means, loads 0.15, 0.25, 0.4 (ρ = 0.8).</summary>
    private static QueueSimulationClass[] ThreeExponentialClasses() =>
    [
        new(0.3, ServiceDistribution.Exponential(2.0)),
        new(0.25, ServiceDistribution.Exponential(1.0)),
        new(0.2, ServiceDistribution.Exponential(0.5)),
    ];

    /// <summary>Three classes sharing μ = 2 on three servers, ρ = 0.75.</summary>
    private static QueueSimulationClass[] ThreeClassesCommonRate(out double serviceRate)
    {
        serviceRate = 2.0;
        return
        [
            new(1.0, ServiceDistribution.Exponential(serviceRate)),
            new(1.5, ServiceDistribution.Exponential(serviceRate)),
            new(2.0, ServiceDistribution.Exponential(serviceRate)),
        ];
    }

    private static double TotalLoad(QueueSimulationClass[] classes) => classes.Sum(c => c.OfferedLoad);

    /// <summary>Checks a class's Wq, W = Wq + E[S], by Little's law Lq = λWq and L = λW, and its utilization λE[S]/c.</summary>
    private static void AssertClassAgrees(QueueSimulationMetrics simulated, QueueSimulationClass jobClass, int servers, double expectedWait, string what)
    {
        double lambda = jobClass.ArrivalRate;
        double expectedResponse = expectedWait + jobClass.Service.Mean;
        SimulationAssert.Agrees(simulated.MeanWaitingTime, expectedWait, $"{what} Wq");
        SimulationAssert.Agrees(simulated.MeanResponseTime, expectedResponse, $"{what} W");
        SimulationAssert.Agrees(simulated.MeanQueueLength, lambda * expectedWait, $"{what} Lq");
        SimulationAssert.Agrees(simulated.MeanNumberInSystem, lambda * expectedResponse, $"{what} L");
        SimulationAssert.Agrees(simulated.Utilization, jobClass.OfferedLoad / servers, $"{what} utilization");
    }

    /// <summary>M/M/c from the library's Erlang C model.</summary>
    private static QueueMetrics ExpectedMMc(double arrivalRate, double serviceRate, int servers) =>
        new MMcQueue(arrivalRate, serviceRate, servers).Evaluate();

    /// <summary>M/M/c/K from the library's finite-capacity model.</summary>
    private static QueueMetrics ExpectedMMcK(double arrivalRate, double serviceRate, int servers, int capacity) =>
        new MMcKQueue(arrivalRate, serviceRate, servers, capacity).Evaluate();

    /// <summary>M/G/1 from the library's Pollaczek–Khinchine model.</summary>
    private static QueueMetrics ExpectedMG1(double arrivalRate, double meanService, double scv) =>
        new MG1Queue(arrivalRate, 1 / meanService, scv).Evaluate();

    /// <summary>Per-class mean waits of the library's priority model for the simulated classes (M/G/1 or M/M/c).</summary>
    private static double[] ExpectedPriorityWaits(QueueSimulationClass[] classes, int servers, PriorityDiscipline discipline)
    {
        var priorityClasses = classes
            .Select(c => new PriorityClass(c.ArrivalRate, 1 / c.Service.Mean, c.Service.SquaredCoefficientOfVariation))
            .ToArray();
        PriorityQueueMetrics metrics = new MultiClassPriorityQueue(priorityClasses, servers, discipline).Evaluate();
        Assert.False(metrics.IsApproximate, "the simulation checks exact priority figures only");
        return metrics.Classes.Select(c => c.MeanWaitingTime).ToArray();
    }

    /// <summary>M/G/1 non-preemptive priority (Cobham 1954), from the library.</summary>
    private static double[] ExpectedNonPreemptivePriorityWaits(QueueSimulationClass[] classes) =>
        ExpectedPriorityWaits(classes, 1, PriorityDiscipline.NonPreemptive);

    /// <summary>M/G/1 preemptive-resume priority (Kleinrock Vol. II ch. 3), from the library, as response times.</summary>
    private static double[] ExpectedPreemptiveResumePriorityResponses(QueueSimulationClass[] classes) =>
        ExpectedPriorityWaits(classes, 1, PriorityDiscipline.PreemptiveResume).Select((wait, k) => wait + classes[k].Service.Mean).ToArray();

    /// <summary>M/M/c non-preemptive priority with a common rate (Cobham with Erlang C), from the library.</summary>
    private static double[] ExpectedNonPreemptivePriorityMMcWaits(QueueSimulationClass[] classes, double serviceRate, int servers)
    {
        Assert.All(classes, c => Assert.Equal(1 / serviceRate, c.Service.Mean, 12));
        return ExpectedPriorityWaits(classes, servers, PriorityDiscipline.NonPreemptive);
    }

    /// <summary>M/M/c preemptive-resume priority with a common rate (Buzen and Bondi 1983), from the library, as response times.</summary>
    private static double[] ExpectedPreemptiveResumePriorityMMcResponses(QueueSimulationClass[] classes, double serviceRate, int servers)
    {
        Assert.All(classes, c => Assert.Equal(1 / serviceRate, c.Service.Mean, 12));
        return ExpectedPriorityWaits(classes, servers, PriorityDiscipline.PreemptiveResume).Select(wait => wait + 1 / serviceRate).ToArray();
    }
}
