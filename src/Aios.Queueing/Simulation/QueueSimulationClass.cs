namespace Aios.Queueing.Simulation;

/// <summary>
/// One class of jobs in a <see cref="QueueSimulator"/> run: how often its jobs arrive and how much work each
/// brings.
/// </summary>
public sealed class QueueSimulationClass
{
    /// <summary>Creates a class with Poisson arrivals (exponential interarrival times).</summary>
    /// <param name="arrivalRate">λ, arrivals per unit time: finite, &gt; 0.</param>
    /// <param name="service">The distribution of each job's service requirement.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="arrivalRate"/> is not a finite number &gt; 0.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="service"/> is null.</exception>
    public QueueSimulationClass(double arrivalRate, ServiceDistribution service)
        : this(ServiceDistribution.Exponential(arrivalRate), service)
    {
    }

    /// <summary>Creates a class whose arrivals form a renewal process with the given interarrival distribution.</summary>
    /// <param name="interarrival">The distribution of the time between two arrivals of this class; the first arrival comes one interarrival time after 0.</param>
    /// <param name="service">The distribution of each job's service requirement.</param>
    /// <exception cref="ArgumentNullException"><paramref name="interarrival"/> or <paramref name="service"/> is null.</exception>
    public QueueSimulationClass(ServiceDistribution interarrival, ServiceDistribution service)
    {
        ArgumentNullException.ThrowIfNull(interarrival);
        ArgumentNullException.ThrowIfNull(service);
        Interarrival = interarrival;
        Service = service;
    }

    /// <summary>The distribution of the time between two arrivals.</summary>
    public ServiceDistribution Interarrival { get; }

    /// <summary>The distribution of each job's service requirement.</summary>
    public ServiceDistribution Service { get; }

    /// <summary>An optional name, for reports. Default null.</summary>
    public string? Name { get; init; }

    /// <summary>λ = 1 / E[interarrival time], arrivals per unit time.</summary>
    public double ArrivalRate => 1 / Interarrival.Mean;

    /// <summary>The offered load λ·E[S] in Erlangs: the mean number of servers this class keeps busy.</summary>
    public double OfferedLoad => Service.Mean / Interarrival.Mean;

    /// <inheritdoc />
    public override string ToString() => $"{Name ?? "class"}(interarrival {Interarrival}, service {Service})";
}
