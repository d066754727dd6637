using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Aios.Queueing;

/// <summary>
/// A multi-class priority queue: c identical servers shared by K classes of Poisson traffic, class 1 the highest
/// priority, first come first served within a class, with or without preemption.
/// </summary>
/// <remarks>
/// <para>The figures come from the most exact method the classes allow (see <see cref="Method"/>):</para>
/// <list type="bullet">
/// <item><description><see cref="PriorityMethod.ExactMMc"/> when every class has the same service rate and
/// exponential service (SCV 1), for any number of servers: Cobham's formula without preemption; under preemptive
/// resume the differences T_k = [L(Λ_k) − L(Λ_{k−1})]/λ_k of FCFS M/M/c numbers in system.</description></item>
/// <item><description><see cref="PriorityMethod.ExactMG1"/> with one server otherwise: the M/G/1 priority formulas
/// of Cobham and Kleinrock with E[S²] = (1 + SCV)/μ².</description></item>
/// <item><description><see cref="PriorityMethod.BondiBuzenApproximation"/> with several servers otherwise: the
/// M/G/1 figures on a server c times as fast, scaled by the FCFS M/M/c-to-M/M/1 wait ratio (Bondi and Buzen,
/// ACM SIGMETRICS 1984); under preemption applied to each group of classes 1..k at its own load and differenced.
/// It reproduces the exact results when the rates are equal and exponential, and the highest class is exact
/// whenever its service is exponential.</description></item>
/// </list>
/// <para>Stability is per class: class k has a steady state when σ_k = Σ_{i≤k} λ_i/(cμ_i) &lt; 1. Higher classes
/// can be stable while lower ones are not; an unstable class reports infinite waits and lengths.</para>
/// </remarks>
public sealed class MultiClassPriorityQueue
{
    private readonly PriorityClass[] _classes;

    /// <summary>Creates a priority queue from its classes, highest priority first.</summary>
    /// <param name="classes">
    /// The classes, highest priority first (copied): at least one; each with a finite arrival rate ≥ 0, a finite
    /// service rate &gt; 0 and a finite service-time SCV ≥ 0.
    /// </param>
    /// <param name="servers">c, the number of servers: ≥ 1.</param>
    /// <param name="discipline">Whether a higher-class arrival interrupts a lower-class job in service.</param>
    /// <exception cref="ArgumentNullException"><paramref name="classes"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="classes"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A class has a rate or SCV out of range, NaN or infinite (the message names it, e.g. <c>classes[2].ArrivalRate</c>);
    /// <paramref name="servers"/> is below 1; or <paramref name="discipline"/> is not a defined value.
    /// </exception>
    public MultiClassPriorityQueue(IReadOnlyList<PriorityClass> classes, int servers, PriorityDiscipline discipline)
    {
        ArgumentNullException.ThrowIfNull(classes);
        int count = classes.Count;
        if (count == 0)
        {
            throw new ArgumentException("classes must hold at least one class.", nameof(classes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        if (discipline is not (PriorityDiscipline.NonPreemptive or PriorityDiscipline.PreemptiveResume))
        {
            Guard.ThrowOutOfRange(nameof(discipline), discipline, "NonPreemptive or PreemptiveResume");
        }

        _classes = new PriorityClass[count];
        bool sameExponentialService = true;
        double offeredLoad = 0;
        for (int i = 0; i < count; i++)
        {
            PriorityClass priorityClass = classes[i];
            if (!(priorityClass.ArrivalRate >= 0) || double.IsPositiveInfinity(priorityClass.ArrivalRate))
            {
                ThrowClassOutOfRange(nameof(classes), i, nameof(PriorityClass.ArrivalRate), priorityClass.ArrivalRate, "a finite number >= 0");
            }

            if (!(priorityClass.ServiceRate > 0) || double.IsPositiveInfinity(priorityClass.ServiceRate))
            {
                ThrowClassOutOfRange(nameof(classes), i, nameof(PriorityClass.ServiceRate), priorityClass.ServiceRate, "a finite number > 0");
            }

            if (!(priorityClass.ServiceScv >= 0) || double.IsPositiveInfinity(priorityClass.ServiceScv))
            {
                ThrowClassOutOfRange(nameof(classes), i, nameof(PriorityClass.ServiceScv), priorityClass.ServiceScv, "a finite number >= 0");
            }

            _classes[i] = priorityClass;
            sameExponentialService &= priorityClass.ServiceScv == 1 && priorityClass.ServiceRate == _classes[0].ServiceRate;
            offeredLoad += priorityClass.ArrivalRate / priorityClass.ServiceRate;
        }

        Classes = Array.AsReadOnly(_classes);
        Servers = servers;
        Discipline = discipline;
        Utilization = offeredLoad / servers;
        Method = sameExponentialService ? PriorityMethod.ExactMMc
            : servers == 1 ? PriorityMethod.ExactMG1
            : PriorityMethod.BondiBuzenApproximation;
    }

    /// <summary>The classes, highest priority first.</summary>
    public IReadOnlyList<PriorityClass> Classes { get; }

    /// <summary>c, the number of servers.</summary>
    public int Servers { get; }

    /// <summary>Whether a higher-class arrival interrupts a lower-class job in service.</summary>
    public PriorityDiscipline Discipline { get; }

    /// <summary>The total offered utilization ρ = Σ_k λ_k/(cμ_k).</summary>
    public double Utilization { get; }

    /// <summary>How <see cref="Evaluate"/> obtains its figures: exact when the classes allow it, the Bondi–Buzen approximation otherwise.</summary>
    public PriorityMethod Method { get; }

    /// <summary>Computes the steady-state figures of every class.</summary>
    /// <returns>
    /// The metrics, one entry per class in the given order; a class with σ_k ≥ 1 and every class below it report
    /// infinite waits and lengths.
    /// </returns>
    public PriorityQueueMetrics Evaluate()
    {
        var waits = new double[_classes.Length];
        switch (Method)
        {
            case PriorityMethod.ExactMMc when Discipline == PriorityDiscipline.NonPreemptive:
                PriorityFormulas.MMcNonPreemptive(_classes, Servers, waits);
                break;
            case PriorityMethod.ExactMMc:
                PriorityFormulas.MMcPreemptiveResume(_classes, Servers, waits);
                break;
            case PriorityMethod.ExactMG1:
                PriorityFormulas.MG1(_classes, 1, Discipline, waits);
                break;
            default:
                PriorityFormulas.BondiBuzen(_classes, Servers, Discipline, waits);
                break;
        }

        var figures = new PriorityClassMetrics[_classes.Length];
        for (int k = 0; k < figures.Length; k++)
        {
            figures[k] = ClassMetrics(_classes[k], waits[k]);
        }

        return new PriorityQueueMetrics(Utilization, Method, figures);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"Priority queue ({_classes.Length} classes, c={Servers}, {Discipline}, ρ={Utilization})";

    private static PriorityClassMetrics ClassMetrics(PriorityClass priorityClass, double wait)
    {
        if (double.IsPositiveInfinity(wait))
        {
            return new PriorityClassMetrics
            {
                IsStable = false,
                MeanWaitingTime = double.PositiveInfinity,
                MeanResponseTime = double.PositiveInfinity,
                MeanQueueLength = double.PositiveInfinity,
                MeanNumberInSystem = double.PositiveInfinity,
            };
        }

        double response = wait + 1 / priorityClass.ServiceRate;
        return new PriorityClassMetrics
        {
            IsStable = true,
            MeanWaitingTime = wait,
            MeanResponseTime = response,
            MeanQueueLength = priorityClass.ArrivalRate * wait,
            MeanNumberInSystem = priorityClass.ArrivalRate * response,
        };
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowClassOutOfRange(string paramName, int index, string field, double actualValue, string validRange) =>
        throw new ArgumentOutOfRangeException(paramName, actualValue, $"{paramName}[{index}].{field} must be {validRange}.");
}
