using Aios.Testing;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests;

public sealed class PriorityFormulasTests
{
    [Property(MaxTest = 2000)]
    public Property BondiBuzen_EqualExponentialRates_EqualsExactResults() =>
        Prop.ForAll(PriorityModels.CommonRate(maxUtilization: 1.5), model =>
        {
            foreach (PriorityDiscipline discipline in (PriorityDiscipline[])[PriorityDiscipline.NonPreemptive, PriorityDiscipline.PreemptiveResume])
            {
                double[] exact = Exact(model, discipline);
                var approximate = new double[model.Classes.Length];
                PriorityFormulas.BondiBuzen(model.Classes, model.Servers, discipline, approximate);
                for (int k = 0; k < exact.Length; k++)
                {
                    Tolerance.AssertClose(exact[k], approximate[k], 1e-10, what: $"{discipline} {model} class {k}");
                }
            }
        });

    [Property(MaxTest = 2000)]
    public Property MG1_OneServerEqualExponentialRates_EqualsExactMMc() =>
        Prop.ForAll(PriorityModels.CommonRate(maxUtilization: 1.5, maxServers: 1), model =>
        {
            foreach (PriorityDiscipline discipline in (PriorityDiscipline[])[PriorityDiscipline.NonPreemptive, PriorityDiscipline.PreemptiveResume])
            {
                double[] exact = Exact(model, discipline);
                var singleServer = new double[model.Classes.Length];
                PriorityFormulas.MG1(model.Classes, 1, discipline, singleServer);
                for (int k = 0; k < exact.Length; k++)
                {
                    Tolerance.AssertClose(exact[k], singleServer[k], 1e-10, what: $"{discipline} {model} class {k}");
                }
            }
        });

    [Property(MaxTest = 2000)]
    public Property QueueLengthSlope_DistinctLoads_AgreesWithPlainDifference() =>
        Prop.ForAll(Loads(), loads =>
        {
            (int servers, double low, double high) = loads;
            double plain = (QueueLength(servers, high) - QueueLength(servers, low)) / (high - low);
            // The plain difference loses up to a factor high/(high − low) of the precision of Lq, which is about 1e-13
            // where Erlang B leaves its recursion (c > 30); the divided difference itself stays within a few ulps.
            double tolerance = 5e-13 * high / (high - low);
            Tolerance.AssertClose(plain, PriorityFormulas.QueueLengthSlope(servers, low, high), tolerance, what: loads.ToString());
        });

    [Property(MaxTest = 2000)]
    public Property FcfsWaitRatioSlope_DistinctLoads_AgreesWithPlainDifference() =>
        Prop.ForAll(Loads(), loads =>
        {
            (int servers, double low, double high) = loads;
            double ratio = PriorityFormulas.FcfsWaitRatioSlope(servers, low, high, out double slope);
            double plain = (PriorityFormulas.FcfsWaitRatio(servers, high) - PriorityFormulas.FcfsWaitRatio(servers, low)) / (high - low);
            Tolerance.AssertClose(PriorityFormulas.FcfsWaitRatio(servers, high), ratio, 5e-13, 1e-300, what: loads.ToString());
            Tolerance.AssertClose(plain, slope, 1e-12 * high / (high - low), 1e-15 / (high - low), what: loads.ToString());
        });

    [Fact]
    public void QueueLengthSlope_EqualLoads_IsTheDerivative()
    {
        // dLq/da of M/M/8 at a = 5 and of M/M/1 at a = 0.5 (Lq = a²/(1 − a), derivative a(2 − a)/(1 − a)² = 3), mpmath at 50 digits.
        Tolerance.AssertClose(0.39333030281161202, PriorityFormulas.QueueLengthSlope(8, 5, 5), 1e-14);
        Tolerance.AssertClose(3, PriorityFormulas.QueueLengthSlope(1, 0.5, 0.5), 1e-15);
        Assert.Equal(0, PriorityFormulas.QueueLengthSlope(3, 0, 0));
    }

    [Fact]
    public void FcfsWaitRatio_Limits_AreDefined()
    {
        Assert.Equal(0, PriorityFormulas.FcfsWaitRatio(4, 0));
        Assert.Equal(1, PriorityFormulas.FcfsWaitRatio(1, 0));
        Assert.Equal(1, PriorityFormulas.FcfsWaitRatio(1, 0.7));
        Assert.Equal(1, PriorityFormulas.FcfsWaitRatio(4, 4));
        Assert.Equal(1, PriorityFormulas.FcfsWaitRatio(4, 9));
        Assert.Equal(0, PriorityFormulas.FcfsWaitRatioSlope(1, 0.2, 0.7, out double slope) - 1);
        Assert.Equal(0, slope);
    }

    /// <summary>1–80 servers and offered loads 0 ≤ x &lt; y &lt; c at least 1% apart (relative to y).</summary>
    private static Arbitrary<(int Servers, double Low, double High)> Loads() =>
        Arb.From(
            from servers in Gen.Choose(1, 80)
            from high in PriorityModels.Fraction(0.995)
            from gap in PriorityModels.Fraction(1).Where(x => x >= 0.01)
            select (servers, servers * high * (1 - gap), servers * high));

    private static double QueueLength(int servers, double load) =>
        load == 0 ? 0 : new MMcQueue(load, 1, servers).Evaluate().MeanQueueLength;

    private static double[] Exact(PriorityModel model, PriorityDiscipline discipline)
    {
        var waits = new double[model.Classes.Length];
        if (discipline == PriorityDiscipline.NonPreemptive)
        {
            PriorityFormulas.MMcNonPreemptive(model.Classes, model.Servers, waits);
        }
        else
        {
            PriorityFormulas.MMcPreemptiveResume(model.Classes, model.Servers, waits);
        }

        return waits;
    }
}
