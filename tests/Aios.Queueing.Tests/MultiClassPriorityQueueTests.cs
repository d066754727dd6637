using System.Text.Json;
using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class MultiClassPriorityQueueTests
{
    private const PriorityDiscipline NonPreemptive = PriorityDiscipline.NonPreemptive;
    private const PriorityDiscipline Preemptive = PriorityDiscipline.PreemptiveResume;

    public static TheoryData<PriorityDiscipline> Disciplines => [NonPreemptive, Preemptive];

    [Fact]
    public void Evaluate_ReferenceModels_MatchFiftyDigitValues()
    {
        var failures = new List<string>();
        int checkedCases = 0;
        foreach (JsonElement testCase in ReferenceCases.Load("priority"))
        {
            PriorityQueueMetrics metrics = FromReference(testCase).Evaluate();
            JsonElement expected = testCase.GetProperty("expected");
            Assert.Equal(expected.GetProperty("stable").GetBoolean(), metrics.IsStable);
            testCase.Check("utilization", metrics.Utilization, failures);
            CheckClasses(testCase, metrics, ReferenceCases.Relative, failures);
            checkedCases++;
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(checkedCases >= 11, $"only {checkedCases} priority reference cases were checked");
    }

    [Fact]
    public void Evaluate_ReferenceModels_MeetTwelveDigitsWhereDoublePrecisionAllows()
    {
        var failures = new List<string>();
        foreach (JsonElement testCase in ReferenceCases.Load("priority"))
        {
            CheckClasses(testCase, FromReference(testCase).Evaluate(), 1e-12, failures);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Theory]
    [InlineData(PriorityDiscipline.NonPreemptive, 1.1428571428571428, 5.7142857142857135)]
    [InlineData(PriorityDiscipline.PreemptiveResume, 0.42857142857142855, 6.142857142857142)]
    public void Evaluate_TwoClassesOneServer_MatchesClassicFormulas(PriorityDiscipline discipline, double highWait, double lowWait)
    {
        var queue = new MultiClassPriorityQueue([new(0.3, 1), new(0.5, 1)], 1, discipline);

        PriorityQueueMetrics metrics = queue.Evaluate();

        Assert.Equal(PriorityMethod.ExactMMc, metrics.Method);
        Assert.False(metrics.IsApproximate);
        Tolerance.AssertClose(0.8, metrics.Utilization, 1e-15);
        Tolerance.AssertClose(highWait, metrics.Classes[0].MeanWaitingTime, 1e-14);
        Tolerance.AssertClose(lowWait, metrics.Classes[1].MeanWaitingTime, 1e-14);
        Tolerance.AssertClose(highWait + 1, metrics.Classes[0].MeanResponseTime, 1e-14);
    }

    [Theory]
    [InlineData(PriorityDiscipline.NonPreemptive, 0.54166666666666665, 0.90277777777777775)]
    [InlineData(PriorityDiscipline.PreemptiveResume, 0.041666666666666669, 1.0138888888888889)]
    public void Evaluate_OneServerMixedServiceTimes_MatchesKleinrockFormulas(PriorityDiscipline discipline, double highWait, double lowWait)
    {
        // Kleinrock's M/G/1 priority formulas with E[S²] = (1 + SCV)/μ², evaluated with mpmath at 50 digits.
        var queue = new MultiClassPriorityQueue([new(0.2, 2, 0.5), new(0.3, 1, 2.0)], 1, discipline);

        PriorityQueueMetrics metrics = queue.Evaluate();

        Assert.Equal(PriorityMethod.ExactMG1, metrics.Method);
        Assert.False(metrics.IsApproximate);
        Tolerance.AssertClose(highWait, metrics.Classes[0].MeanWaitingTime, 1e-14);
        Tolerance.AssertClose(lowWait, metrics.Classes[1].MeanWaitingTime, 1e-14);
    }

    [Theory]
    [InlineData(PriorityDiscipline.NonPreemptive, 1.0, 0.072356425733877674, 0.11813293997367784, 0.20753084049429891)]
    [InlineData(PriorityDiscipline.PreemptiveResume, 1.0, 0.0011787304636339824, 0.052946132757369435, 0.45963839381753021)]
    public void Evaluate_BondiBuzen_MatchesFiftyDigitFormulaValues(PriorityDiscipline discipline, double scv, double first, double second, double third)
    {
        // The approximation as documented in PriorityFormulas.BondiBuzen, evaluated with mpmath at 50 digits.
        var queue = new MultiClassPriorityQueue([new(1.5, 2, scv), new(0.8, 1, scv), new(0.3, 0.5, scv)], 4, discipline);

        PriorityQueueMetrics metrics = queue.Evaluate();

        Assert.Equal(PriorityMethod.BondiBuzenApproximation, metrics.Method);
        Assert.True(metrics.IsApproximate);
        Tolerance.AssertClose(first, metrics.Classes[0].MeanWaitingTime, 1e-13);
        Tolerance.AssertClose(second, metrics.Classes[1].MeanWaitingTime, 1e-13);
        Tolerance.AssertClose(third, metrics.Classes[2].MeanWaitingTime, 1e-13);
    }

    [Theory]
    [InlineData(PriorityDiscipline.NonPreemptive, 0.0034660504799146817, 0.0039992890152861711)]
    [InlineData(PriorityDiscipline.PreemptiveResume, 2.0173220721932329e-5, 0.0048745710937573655)]
    public void Evaluate_BondiBuzenGeneralService_MatchesFiftyDigitFormulaValues(PriorityDiscipline discipline, double highWait, double lowWait)
    {
        // The approximation as documented in PriorityFormulas.BondiBuzen, evaluated with mpmath at 50 digits.
        var queue = new MultiClassPriorityQueue([new(0.2, 2, 0.5), new(0.3, 1, 2.0)], 3, discipline);

        PriorityQueueMetrics metrics = queue.Evaluate();

        Tolerance.AssertClose(highWait, metrics.Classes[0].MeanWaitingTime, 1e-13);
        Tolerance.AssertClose(lowWait, metrics.Classes[1].MeanWaitingTime, 1e-13);
    }

    [Fact]
    public void Evaluate_TinyClassUnderPreemption_KeepsFullPrecision()
    {
        // [Lq(5 + 1e-9) − Lq(5)]/1e-9 and its neighbours for M/M/8, μ = 1, mpmath at 50 digits; a plain
        // difference of queue lengths would keep only about 7 of these digits.
        var queue = new MultiClassPriorityQueue([new(5, 1), new(1e-9, 1), new(1, 1)], 8, Preemptive);

        PriorityQueueMetrics metrics = queue.Evaluate();

        Tolerance.AssertClose(0.055755502220585538, metrics.Classes[0].MeanWaitingTime, 1e-13);
        Tolerance.AssertClose(0.39333030306047358, metrics.Classes[1].MeanWaitingTime, 1e-12);
        Tolerance.AssertClose(0.79216574755504454, metrics.Classes[2].MeanWaitingTime, 1e-12);
    }

    [Fact]
    public void Evaluate_ClassWithoutTraffic_ReportsTheWaitAnArrivalWouldSee()
    {
        // dLq/da at a = 5 for M/M/8, μ = 1 (mpmath at 50 digits): the limit of the class's wait as λ → 0.
        var queue = new MultiClassPriorityQueue([new(5, 1), new(0, 1), new(1, 1)], 8, Preemptive);

        PriorityQueueMetrics metrics = queue.Evaluate();

        Tolerance.AssertClose(0.39333030281161202, metrics.Classes[1].MeanWaitingTime, 1e-12);
        Assert.Equal(0, metrics.Classes[1].MeanQueueLength);
        Assert.Equal(0, metrics.Classes[1].MeanNumberInSystem);
        Tolerance.AssertClose(0.7921657465331132, metrics.Classes[2].MeanWaitingTime, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Disciplines))]
    public void Evaluate_NoTraffic_WaitsAreZero(PriorityDiscipline discipline)
    {
        PriorityQueueMetrics metrics = new MultiClassPriorityQueue([new(0, 1), new(0, 2, 3)], 3, discipline).Evaluate();

        Assert.True(metrics.IsStable);
        Assert.Equal(0, metrics.Utilization);
        Assert.All(metrics.Classes, figures => Assert.Equal(0, figures.MeanWaitingTime));
        Assert.Equal(0.5, metrics.Classes[1].MeanResponseTime);
    }

    [Property(MaxTest = 2000)]
    public Property Evaluate_NonPreemptiveCommonRate_ConservesFcfsWait() =>
        Prop.ForAll(PriorityModels.CommonRate(), model =>
        {
            PriorityQueueMetrics metrics = model.Queue(NonPreemptive).Evaluate();
            double weighted = 0;
            for (int k = 0; k < model.Classes.Length; k++)
            {
                weighted += model.ArrivalRate(k) * metrics.Classes[k].MeanWaitingTime;
            }

            double fcfs = new MMcQueue(model.TotalArrivalRate, model.Classes[0].ServiceRate, model.Servers).Evaluate().MeanWaitingTime;
            Tolerance.AssertClose(model.TotalArrivalRate * fcfs, weighted, 1e-11, what: model.ToString());
        });

    [Property(MaxTest = 2000)]
    public Property Evaluate_PreemptiveCommonRate_TotalQueueEqualsFcfs() =>
        Prop.ForAll(PriorityModels.CommonRate(), model =>
        {
            PriorityQueueMetrics metrics = model.Queue(Preemptive).Evaluate();
            double queue = 0;
            for (int k = 0; k < model.Classes.Length; k++)
            {
                queue += metrics.Classes[k].MeanQueueLength;
            }

            double fcfs = new MMcQueue(model.TotalArrivalRate, model.Classes[0].ServiceRate, model.Servers).Evaluate().MeanQueueLength;
            Tolerance.AssertClose(fcfs, queue, 1e-11, what: model.ToString());
        });

    [Property(MaxTest = 2000)]
    public Property Evaluate_NonPreemptiveOneServer_SatisfiesKleinrockConservationLaw() =>
        Prop.ForAll(PriorityModels.MixedRates(1, 1), model =>
        {
            PriorityQueueMetrics metrics = model.Queue(NonPreemptive).Evaluate();
            double weighted = 0;
            double residual = 0;
            double utilization = 0;
            for (int k = 0; k < model.Classes.Length; k++)
            {
                PriorityClass priorityClass = model.Classes[k];
                double load = priorityClass.ArrivalRate / priorityClass.ServiceRate;
                weighted += load * metrics.Classes[k].MeanWaitingTime;
                residual += priorityClass.ArrivalRate * (1 + priorityClass.ServiceScv) / (2 * priorityClass.ServiceRate * priorityClass.ServiceRate);
                utilization += load;
            }

            Tolerance.AssertClose(utilization * residual / (1 - utilization), weighted, 1e-11, what: model.ToString());
        });

    [Property(MaxTest = 2000)]
    public Property Evaluate_SingleClass_EqualsFcfsMMc() =>
        Prop.ForAll(
            Arb.From(
                from servers in Gen.Choose(1, 60)
                from serviceRate in PriorityModels.Rate()
                from utilization in PriorityModels.Fraction(0.99)
                from preemptive in Gen.Elements(false, true)
                select (servers, serviceRate, arrivalRate: utilization * servers * serviceRate, preemptive)),
            model =>
            {
                var queue = new MultiClassPriorityQueue(
                    [new(model.arrivalRate, model.serviceRate)], model.servers, model.preemptive ? Preemptive : NonPreemptive);
                PriorityClassMetrics figures = queue.Evaluate().Classes[0];
                QueueMetrics fcfs = new MMcQueue(model.arrivalRate, model.serviceRate, model.servers).Evaluate();
                string what = model.ToString();
                Tolerance.AssertClose(fcfs.MeanWaitingTime, figures.MeanWaitingTime, 1e-13, what: what);
                Tolerance.AssertClose(fcfs.MeanResponseTime, figures.MeanResponseTime, 1e-13, what: what);
                Tolerance.AssertClose(fcfs.MeanQueueLength, figures.MeanQueueLength, 1e-13, what: what);
                Tolerance.AssertClose(fcfs.MeanNumberInSystem, figures.MeanNumberInSystem, 1e-13, what: what);
            });

    [Property(MaxTest = 2000)]
    public Property Evaluate_CommonRate_HigherClassesNeverWaitLonger() =>
        Prop.ForAll(PriorityModels.CommonRate(), model =>
        {
            foreach (PriorityDiscipline discipline in (PriorityDiscipline[])[NonPreemptive, Preemptive])
            {
                IReadOnlyList<PriorityClassMetrics> classes = model.Queue(discipline).Evaluate().Classes;
                for (int k = 1; k < classes.Count; k++)
                {
                    Assert.True(
                        classes[k - 1].MeanWaitingTime <= classes[k].MeanWaitingTime * (1 + 1e-12),
                        $"{discipline} {model}: class {k - 1} waits {classes[k - 1].MeanWaitingTime:R}, class {k} {classes[k].MeanWaitingTime:R}");
                }
            }
        });

    [Property(MaxTest = 2000)]
    public Property Evaluate_PreemptiveHighestExponentialClass_EqualsMMcWithThatClassAlone() =>
        Prop.ForAll(PriorityModels.MixedRates(1, 40, exponential: true), model =>
        {
            PriorityClassMetrics highest = model.Queue(Preemptive).Evaluate().Classes[0];
            PriorityClass first = model.Classes[0];
            QueueMetrics alone = new MMcQueue(first.ArrivalRate, first.ServiceRate, model.Servers).Evaluate();
            Tolerance.AssertClose(alone.MeanWaitingTime, highest.MeanWaitingTime, 1e-12, what: model.ToString());
            Tolerance.AssertClose(alone.MeanNumberInSystem, highest.MeanNumberInSystem, 1e-12, what: model.ToString());
        });

    [Property(MaxTest = 2000)]
    public Property Evaluate_Preemptive_ClassesAreUnaffectedByLowerClasses() =>
        Prop.ForAll(PriorityModels.MixedRates(1, 40, maxUtilization: 1.5), model =>
        {
            var queue = model.Queue(Preemptive);
            IReadOnlyList<PriorityClassMetrics> all = queue.Evaluate().Classes;
            for (int kept = 1; kept < model.Classes.Length; kept++)
            {
                var truncated = new MultiClassPriorityQueue(model.Classes[..kept], model.Servers, Preemptive);
                if (truncated.Method != queue.Method)
                {
                    continue;
                }

                IReadOnlyList<PriorityClassMetrics> upper = truncated.Evaluate().Classes;
                for (int k = 0; k < kept; k++)
                {
                    Tolerance.AssertClose(upper[k].MeanWaitingTime, all[k].MeanWaitingTime, 1e-14, what: $"{model} class {k} of {kept}");
                }
            }
        });

    [Property(MaxTest = 2000)]
    public Property Evaluate_OverloadedClass_IsUnstableWithEveryLowerClass() =>
        Prop.ForAll(
            Arb.From(Gen.OneOf(
                PriorityModels.CommonRate(maxUtilization: 2.5).Generator,
                PriorityModels.MixedRates(1, 40, maxUtilization: 2.5).Generator)),
            model =>
            {
                foreach (PriorityDiscipline discipline in (PriorityDiscipline[])[NonPreemptive, Preemptive])
                {
                    PriorityQueueMetrics metrics = model.Queue(discipline).Evaluate();
                    double cumulative = 0;
                    bool allStable = true;
                    for (int k = 0; k < model.Classes.Length; k++)
                    {
                        cumulative += model.Classes[k].ArrivalRate / (model.Servers * model.Classes[k].ServiceRate);
                        if (Math.Abs(cumulative - 1) < 1e-9)
                        {
                            return;
                        }

                        PriorityClassMetrics figures = metrics.Classes[k];
                        bool stable = cumulative < 1;
                        allStable &= stable;
                        Assert.True(stable == figures.IsStable, $"{discipline} {model}: class {k} at σ = {cumulative:R}");
                        if (stable)
                        {
                            Assert.True(double.IsFinite(figures.MeanWaitingTime) && figures.MeanWaitingTime >= 0, $"{discipline} {model}: class {k} waits {figures.MeanWaitingTime:R}");
                            Assert.True(double.IsFinite(figures.MeanNumberInSystem), $"{discipline} {model}: class {k}");
                        }
                        else
                        {
                            Assert.Equal(double.PositiveInfinity, figures.MeanWaitingTime);
                            Assert.Equal(double.PositiveInfinity, figures.MeanResponseTime);
                            Assert.Equal(double.PositiveInfinity, figures.MeanQueueLength);
                            Assert.Equal(double.PositiveInfinity, figures.MeanNumberInSystem);
                        }
                    }

                    Assert.Equal(allStable, metrics.IsStable);
                    Assert.Equal(allStable, metrics.Utilization < 1);
                }
            });

    [Property(MaxTest = 2000)]
    public Property Evaluate_StableClasses_SatisfyLittlesLaw() =>
        Prop.ForAll(PriorityModels.MixedRates(1, 40), model =>
        {
            foreach (PriorityDiscipline discipline in (PriorityDiscipline[])[NonPreemptive, Preemptive])
            {
                PriorityQueueMetrics metrics = model.Queue(discipline).Evaluate();
                for (int k = 0; k < model.Classes.Length; k++)
                {
                    PriorityClass priorityClass = model.Classes[k];
                    PriorityClassMetrics figures = metrics.Classes[k];
                    string what = $"{discipline} {model} class {k}";
                    Assert.True(figures.IsStable, what);
                    Tolerance.AssertClose(figures.MeanWaitingTime + 1 / priorityClass.ServiceRate, figures.MeanResponseTime, 1e-15, what: what);
                    Tolerance.AssertClose(priorityClass.ArrivalRate * figures.MeanWaitingTime, figures.MeanQueueLength, 1e-15, what: what);
                    Tolerance.AssertClose(priorityClass.ArrivalRate * figures.MeanResponseTime, figures.MeanNumberInSystem, 1e-15, what: what);
                }
            }
        });

    [Property(MaxTest = 2000)]
    public Property Evaluate_BondiBuzenSingleClass_EqualsLeeLongtonMGc() =>
        Prop.ForAll(
            Arb.From(
                from servers in Gen.Choose(2, 60)
                from serviceRate in PriorityModels.Rate()
                from utilization in PriorityModels.Fraction(0.99)
                from scv in Gen.Choose(0, 400).Select(x => x / 100.0).Where(x => x != 1)
                from preemptive in Gen.Elements(false, true)
                select (servers, serviceRate, arrivalRate: utilization * servers * serviceRate, scv, preemptive)),
            model =>
            {
                var queue = new MultiClassPriorityQueue(
                    [new(model.arrivalRate, model.serviceRate, model.scv)], model.servers, model.preemptive ? Preemptive : NonPreemptive);
                PriorityQueueMetrics metrics = queue.Evaluate();
                double exponential = new MMcQueue(model.arrivalRate, model.serviceRate, model.servers).Evaluate().MeanWaitingTime;
                Assert.Equal(PriorityMethod.BondiBuzenApproximation, metrics.Method);
                Tolerance.AssertClose((1 + model.scv) / 2 * exponential, metrics.Classes[0].MeanWaitingTime, 1e-12, what: model.ToString());
            });

    [Theory]
    [InlineData(PriorityDiscipline.NonPreemptive)]
    [InlineData(PriorityDiscipline.PreemptiveResume)]
    public void Evaluate_EqualExponentialRates_AgreesWithSimulation(PriorityDiscipline discipline)
    {
        PriorityClass[] classes = [new(0.8, 1), new(1.2, 1), new(1.0, 1)];

        PriorityQueueMetrics metrics = new MultiClassPriorityQueue(classes, 4, discipline).Evaluate();
        double[] simulated = PrioritySimulation.MeanWaits(classes, 4, discipline == Preemptive, 5_000_000, seed: 11);

        AssertNearSimulation(classes, metrics, simulated, relative: 0.04);
    }

    [Theory]
    [InlineData(PriorityDiscipline.NonPreemptive, 0.12)]
    [InlineData(PriorityDiscipline.PreemptiveResume, 0.08)]
    public void Evaluate_BondiBuzenUnequalRates_WithinStatedErrorOfSimulation(PriorityDiscipline discipline, double relative)
    {
        // Against long simulations (4·10⁸ events) the approximation is off by +8%, −3%, +6% per class without
        // preemption (0.0724 against 0.0670 for the highest class) and by −2% and 0% for the lower classes with it; the
        // tolerances add the ±3% noise of a 5·10⁶-event run.
        PriorityClass[] classes = [new(1.5, 2), new(0.8, 1), new(0.3, 0.5)];

        PriorityQueueMetrics metrics = new MultiClassPriorityQueue(classes, 4, discipline).Evaluate();
        double[] simulated = PrioritySimulation.MeanWaits(classes, 4, discipline == Preemptive, 5_000_000, seed: 12);

        Assert.True(metrics.IsApproximate);
        AssertNearSimulation(classes, metrics, simulated, relative);
    }

    [Theory]
    [InlineData(2, 1.0, 0.7142857142857143)]
    [InlineData(1, 0.5, 2.4285714285714284)]
    public void Evaluate_LowerClassOverloadedNonPreemptive_HigherClassMatchesSimulation(int servers, double lowServiceRate, double highWait)
    {
        // The higher class sees every server busy: Cobham with C = 1 (c = 2), or M/G/1 with the overloaded class served
        // at the capacity left, W0 = 0.3 + 0.7·E[S²]μ/2 = 1.7 (c = 1).
        PriorityClass[] classes = [new(0.3 * servers, 1), new(5, lowServiceRate)];

        PriorityQueueMetrics metrics = new MultiClassPriorityQueue(classes, servers, NonPreemptive).Evaluate();
        double[] simulated = PrioritySimulation.MeanWaits(classes, servers, preemptive: false, 5_000_000, seed: 13);

        Assert.False(metrics.IsStable);
        Assert.False(metrics.Classes[1].IsStable);
        Tolerance.AssertClose(highWait, metrics.Classes[0].MeanWaitingTime, 1e-14);
        Tolerance.AssertClose(highWait, simulated[0], 0.03);
    }

    [Fact]
    public void Method_EqualExponentialRates_IsExactForAnyServerCount()
    {
        Assert.Equal(PriorityMethod.ExactMMc, new MultiClassPriorityQueue([new(1, 2), new(3, 2)], 7, Preemptive).Method);
        Assert.Equal(PriorityMethod.ExactMG1, new MultiClassPriorityQueue([new(1, 2), new(0.1, 3)], 1, Preemptive).Method);
        Assert.Equal(PriorityMethod.ExactMG1, new MultiClassPriorityQueue([new(1, 2, 0), new(0.1, 2, 0)], 1, NonPreemptive).Method);
        Assert.Equal(PriorityMethod.BondiBuzenApproximation, new MultiClassPriorityQueue([new(1, 2), new(0.1, 3)], 2, Preemptive).Method);
        Assert.Equal(PriorityMethod.BondiBuzenApproximation, new MultiClassPriorityQueue([new(1, 2, 0), new(0.1, 2, 0)], 2, NonPreemptive).Method);
    }

    [Fact]
    public void Constructor_Always_CopiesTheClasses()
    {
        var classes = new List<PriorityClass> { new(1, 2), new(0.5, 2) };
        var queue = new MultiClassPriorityQueue(classes, 2, NonPreemptive);

        classes[0] = new PriorityClass(3.9, 2);
        classes.Add(new PriorityClass(1, 1));

        Assert.Equal([new(1, 2), new(0.5, 2)], queue.Classes);
        Assert.Equal(2, queue.Servers);
        Assert.Equal(NonPreemptive, queue.Discipline);
        Tolerance.AssertClose(0.375, queue.Utilization, 1e-15);
        Assert.Equal(2, queue.Evaluate().Classes.Count);
    }

    [Fact]
    public void Constructor_NullClasses_Throws() =>
        Assert.Throws<ArgumentNullException>("classes", () => new MultiClassPriorityQueue(null!, 1, NonPreemptive));

    [Fact]
    public void Constructor_NoClasses_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>("classes", () => new MultiClassPriorityQueue([], 1, NonPreemptive));

        Assert.Contains("at least one class", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1.0, 1.0, 1.0, "classes[2].ArrivalRate must be a finite number >= 0")]
    [InlineData(double.NaN, 1.0, 1.0, "classes[2].ArrivalRate must be a finite number >= 0")]
    [InlineData(double.PositiveInfinity, 1.0, 1.0, "classes[2].ArrivalRate must be a finite number >= 0")]
    [InlineData(1.0, 0.0, 1.0, "classes[2].ServiceRate must be a finite number > 0")]
    [InlineData(1.0, -2.0, 1.0, "classes[2].ServiceRate must be a finite number > 0")]
    [InlineData(1.0, double.NaN, 1.0, "classes[2].ServiceRate must be a finite number > 0")]
    [InlineData(1.0, double.PositiveInfinity, 1.0, "classes[2].ServiceRate must be a finite number > 0")]
    [InlineData(1.0, 1.0, -0.5, "classes[2].ServiceScv must be a finite number >= 0")]
    [InlineData(1.0, 1.0, double.NaN, "classes[2].ServiceScv must be a finite number >= 0")]
    [InlineData(1.0, 1.0, double.PositiveInfinity, "classes[2].ServiceScv must be a finite number >= 0")]
    public void Constructor_InvalidClass_ThrowsNamingTheClass(double arrivalRate, double serviceRate, double scv, string message)
    {
        PriorityClass[] classes = [new(0.1, 1), new(0.1, 1), new(arrivalRate, serviceRate, scv)];

        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>("classes", () => new MultiClassPriorityQueue(classes, 2, Preemptive));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DefaultClass_ThrowsForItsServiceRate()
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new MultiClassPriorityQueue([default], 1, Preemptive));

        Assert.StartsWith("classes[0].ServiceRate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Constructor_ServersBelowOne_Throws(int servers) =>
        Assert.Throws<ArgumentOutOfRangeException>(nameof(servers), () => new MultiClassPriorityQueue([new(1, 2)], servers, NonPreemptive));

    [Fact]
    public void Constructor_UndefinedDiscipline_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>("discipline", () => new MultiClassPriorityQueue([new(1, 2)], 1, (PriorityDiscipline)7));

    private static MultiClassPriorityQueue FromReference(JsonElement testCase)
    {
        var classes = new List<PriorityClass>();
        foreach (JsonElement element in testCase.GetProperty("classes").EnumerateArray())
        {
            classes.Add(new PriorityClass(element.Number("arrivalRate"), element.Number("serviceRate")));
        }

        PriorityDiscipline discipline = testCase.GetProperty("preemptive").GetBoolean() ? Preemptive : NonPreemptive;
        return new MultiClassPriorityQueue(classes, testCase.Integer("servers"), discipline);
    }

    private static void CheckClasses(JsonElement testCase, PriorityQueueMetrics metrics, double relative, List<string> failures)
    {
        JsonElement expectedClasses = testCase.GetProperty("expected").GetProperty("classes");
        Assert.Equal(expectedClasses.GetArrayLength(), metrics.Classes.Count);
        for (int k = 0; k < metrics.Classes.Count; k++)
        {
            JsonElement expected = expectedClasses[k];
            Check(expected.Number("meanWaitingTime"), metrics.Classes[k].MeanWaitingTime, "meanWaitingTime");
            Check(expected.Number("meanResponseTime"), metrics.Classes[k].MeanResponseTime, "meanResponseTime");

            void Check(double want, double actual, string field)
            {
                if (!(Math.Abs(actual - want) <= relative * Math.Abs(want)))
                {
                    failures.Add($"{testCase.GetProperty("id").GetString()} classes[{k}].{field}: expected {want:R}, got {actual:R} (relative error {Tolerance.RelativeError(want, actual):E2})");
                }
            }
        }
    }

    /// <summary>Within <paramref name="relative"/> of the simulated wait, or 0.5% of the class's mean service time for tiny waits.</summary>
    private static void AssertNearSimulation(PriorityClass[] classes, PriorityQueueMetrics metrics, double[] simulated, double relative)
    {
        for (int k = 0; k < classes.Length; k++)
        {
            Tolerance.AssertClose(simulated[k], metrics.Classes[k].MeanWaitingTime, relative, 0.005 / classes[k].ServiceRate, $"class {k}");
        }
    }
}
