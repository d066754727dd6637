using FsCheck;
using FsCheck.Fluent;

namespace Aios.Queueing.Tests;

/// <summary>A priority-queue model for the property tests: classes (highest first) and a server count.</summary>
internal sealed record PriorityModel(PriorityClass[] Classes, int Servers)
{
    public double ArrivalRate(int k) => Classes[k].ArrivalRate;

    public double TotalArrivalRate => Classes.Sum(priorityClass => priorityClass.ArrivalRate);

    public MultiClassPriorityQueue Queue(PriorityDiscipline discipline) => new(Classes, Servers, discipline);

    public override string ToString() =>
        $"c={Servers}, classes=[{string.Join(", ", Classes.Select(x => $"(λ={x.ArrivalRate:R}, μ={x.ServiceRate:R}, scv={x.ServiceScv:R})"))}]";
}

/// <summary>FsCheck generators of priority-queue models.</summary>
internal static class PriorityModels
{
    /// <summary>1–6 classes sharing one exponential service rate, 1–40 servers, total ρ in (0, <paramref name="maxUtilization"/>].</summary>
    public static Arbitrary<PriorityModel> CommonRate(double maxUtilization = 0.98, int maxServers = 40) =>
        Arb.From(
            from classCount in Gen.Choose(1, 6)
            from servers in Gen.Choose(1, maxServers)
            from serviceRate in Rate()
            from utilization in Fraction(maxUtilization)
            from shares in Gen.ArrayOf(Gen.Choose(0, 100), classCount)
            select Build(servers, utilization, shares, _ => serviceRate, _ => 1.0));

    /// <summary>1–6 classes with their own service rates and SCVs (exponential when <paramref name="exponential"/>).</summary>
    public static Arbitrary<PriorityModel> MixedRates(int minServers, int maxServers, double maxUtilization = 0.98, bool exponential = false) =>
        Arb.From(
            from classCount in Gen.Choose(1, 6)
            from servers in Gen.Choose(minServers, maxServers)
            from utilization in Fraction(maxUtilization)
            from shares in Gen.ArrayOf(Gen.Choose(0, 100), classCount)
            from rates in Gen.ArrayOf(Rate(), classCount)
            from scvs in Gen.ArrayOf(Gen.Choose(0, 400).Select(x => x / 100.0), classCount)
            select Build(servers, utilization, shares, k => rates[k], k => exponential ? 1.0 : scvs[k]));

    /// <summary>A service rate in [0.1, 10].</summary>
    public static Gen<double> Rate() =>
        from whole in Gen.Choose(10, 1000)
        from fine in Gen.Choose(0, 999)
        select (whole + fine / 1000.0) / 100.0;

    /// <summary>A number in (0, max].</summary>
    public static Gen<double> Fraction(double max) =>
        from whole in Gen.Choose(1, 1000)
        from fine in Gen.Choose(0, 999)
        select max * (whole - fine / 1000.0) / 1000.0;

    /// <summary>Splits a total utilization among the classes in proportion to the shares (all zero: no traffic at all).</summary>
    private static PriorityModel Build(int servers, double utilization, int[] shares, Func<int, double> serviceRate, Func<int, double> scv)
    {
        double totalShare = shares.Sum();
        var classes = new PriorityClass[shares.Length];
        for (int k = 0; k < classes.Length; k++)
        {
            double rate = serviceRate(k);
            double load = totalShare == 0 ? 0 : utilization * servers * shares[k] / totalShare;
            classes[k] = new PriorityClass(load * rate, rate, scv(k));
        }

        return new PriorityModel(classes, servers);
    }
}
