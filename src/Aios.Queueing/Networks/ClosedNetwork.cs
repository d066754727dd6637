using System.Collections.ObjectModel;

namespace Aios.Queueing.Networks;

/// <summary>
/// A closed, single-class, product-form queueing network: a fixed population of N customers cycling through
/// queueing stations (processors, GPUs, disks) and delay stations (think time), solved by Mean Value Analysis.
/// </summary>
/// <remarks>
/// <para><b>Exact MVA</b> (M. Reiser and S. S. Lavenberg, "Mean-Value Analysis of Closed Multichain Queuing
/// Networks", JACM 27(2), 1980): by the arrival theorem a customer arriving at station i sees the network in
/// equilibrium with one customer fewer, so for n = 1..N
/// Rᵢ(n) = Dᵢ(1 + Qᵢ(n − 1)) at a queueing station and Rᵢ(n) = Dᵢ at a delay station,
/// X(n) = n / ΣᵢRᵢ(n), Qᵢ(n) = X(n)·Rᵢ(n). The cost is O(N·M) for M stations, with one array of M values.</para>
/// <para><b>Bard–Schweitzer approximate MVA</b> (Y. Bard, "Some extensions to multiclass queueing network
/// analysis", 1979; P. J. Schweitzer, "Approximate analysis of multiclass closed networks of queues", 1979)
/// replaces Qᵢ(N − 1) by ((N − 1)/N)·Qᵢ(N) and solves the resulting fixed point by iteration. It is exact for N = 1
/// and for balanced networks; elsewhere its throughput is typically within a few percent of the exact value. Over
/// thousands of random networks we observe at most 6.8% (tested as 7%), the worst case being one queueing station
/// with a think time about twice its demand and a handful of customers; response times excluding think time can
/// then be off by as much as 25%.</para>
/// <para><b>Multi-server stations</b> (cᵢ &gt; 1) are not load-independent and are solved by Seidmann's
/// approximation (A. Seidmann, P. J. Schweitzer and S. Shalev-Oren, "Computerized closed queueing network models
/// of flexible manufacturing systems", Large Scale Systems 12, 1987): the station becomes a single server of demand
/// Dᵢ/cᵢ followed by a pure delay of Dᵢ(cᵢ − 1)/cᵢ. It is exact for one customer and right in the saturation limit,
/// but not in between (4.9% low in throughput in a 4-server example of our tests); results involving such a station report
/// <see cref="ClosedNetworkResult.IsApproximate"/>.</para>
/// </remarks>
public sealed class ClosedNetwork
{
    private readonly ClosedStation[] _stations;
    private readonly ReadOnlyCollection<ClosedStation> _stationsView;

    // Per station: the part of the demand that queues (Dᵢ/cᵢ; 0 at delay stations) and the part that does not
    // ((cᵢ − 1)·Dᵢ/cᵢ at a Seidmann station, 0 at a single server; delay stations are summed in _thinkTime instead).
    private readonly double[] _queueingDemand;
    private readonly double[] _delayDemand;
    private readonly double _thinkTime;
    private readonly double _totalServiceDemand;
    private readonly double _bottleneckDemand;
    private readonly bool _hasMultiServerStation;

    /// <summary>Creates a network from its stations.</summary>
    /// <param name="stations">The stations, at least one; their demands must not all be 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stations"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="stations"/> is empty, holds a default station, or every demand is 0 (throughput would be unbounded).
    /// </exception>
    public ClosedNetwork(IReadOnlyList<ClosedStation> stations)
    {
        ArgumentNullException.ThrowIfNull(stations);
        if (stations.Count == 0)
        {
            throw new ArgumentException("stations must hold at least one station.", nameof(stations));
        }

        int count = stations.Count;
        _stations = new ClosedStation[count];
        _queueingDemand = new double[count];
        _delayDemand = new double[count];
        for (int i = 0; i < count; i++)
        {
            ClosedStation station = stations[i];
            if (station.Name is null)
            {
                throw new ArgumentException(
                    $"stations[{i}] is a default ClosedStation; create each station with its constructor or a factory method.",
                    nameof(stations));
            }

            _stations[i] = station;
            double demand = station.ServiceDemand;
            if (station.Kind == ClosedStationKind.Delay)
            {
                _thinkTime += demand;
                continue;
            }

            _totalServiceDemand += demand;
            double perServer = demand / station.Servers;
            _queueingDemand[i] = perServer;
            _delayDemand[i] = demand - perServer;
            _bottleneckDemand = Math.Max(_bottleneckDemand, perServer);
            _hasMultiServerStation |= station.Servers > 1;
        }

        _stationsView = Array.AsReadOnly(_stations);
        if (!(_totalServiceDemand + _thinkTime > 0))
        {
            throw new ArgumentException(
                "stations must have a positive total service demand; with every demand 0 the throughput is unbounded.",
                nameof(stations));
        }
    }

    /// <summary>The stations, in the order given.</summary>
    public IReadOnlyList<ClosedStation> Stations => _stationsView;

    /// <summary>D = ΣDᵢ over queueing stations: the response time of a customer alone in the network.</summary>
    public double TotalServiceDemand => _totalServiceDemand;

    /// <summary>Z = ΣDᵢ over delay stations: the think time per cycle.</summary>
    public double ThinkTime => _thinkTime;

    /// <summary>D_max = maxᵢ Dᵢ/cᵢ over queueing stations: the demand per server of the bottleneck; 0 without queueing demand.</summary>
    public double BottleneckDemand => _bottleneckDemand;

    /// <summary>
    /// The asymptotic (optimistic) throughput bound min(N/(D + Z), 1/D_max) (Lazowska, Zahorjan, Graham and Sevcik,
    /// "Quantitative System Performance", 1984, §5.2), which every solution respects.
    /// </summary>
    /// <param name="population">N, the number of customers: ≥ 0.</param>
    /// <returns>The bound on the throughput X(N).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="population"/> is negative.</exception>
    public double ThroughputUpperBound(int population)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        double light = population / (_totalServiceDemand + _thinkTime);
        return _bottleneckDemand > 0 ? Math.Min(light, 1 / _bottleneckDemand) : light;
    }

    /// <summary>Solves the network for <paramref name="population"/> customers by exact Mean Value Analysis.</summary>
    /// <param name="population">N, the number of customers: ≥ 0.</param>
    /// <returns>
    /// Throughput, response and cycle times, and per-station residence times, queue lengths and utilizations.
    /// Exact for single-server and delay stations; <see cref="ClosedNetworkResult.IsApproximate"/> when a station
    /// has several servers (Seidmann's approximation).
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="population"/> is negative.</exception>
    public ClosedNetworkResult SolveExact(int population)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        var queue = new double[_stations.Length];
        for (int n = 1; n < population; n++)
        {
            Advance(queue, n, out _);
        }

        return BuildResult(population, queue, _hasMultiServerStation, iterations: 0, converged: true);
    }

    /// <summary>
    /// Runs the exact MVA recursion up to <paramref name="maxPopulation"/> and returns the network figures at every
    /// population n = 1..N, as one pass costs no more than the last point alone.
    /// </summary>
    /// <param name="maxPopulation">N, the largest population: ≥ 0.</param>
    /// <returns>N points, the i-th for population i + 1; approximate (Seidmann) when a station has several servers.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxPopulation"/> is negative.</exception>
    public IReadOnlyList<ClosedNetworkCurvePoint> SolveExactCurve(int maxPopulation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxPopulation);
        var queue = new double[_stations.Length];
        var points = new ClosedNetworkCurvePoint[maxPopulation];
        for (int n = 1; n <= maxPopulation; n++)
        {
            double throughput = Advance(queue, n, out double responseTime);
            points[n - 1] = new ClosedNetworkCurvePoint
            {
                Population = n,
                Throughput = throughput,
                ResponseTime = responseTime,
                CycleTime = responseTime + _thinkTime,
            };
        }

        return new ReadOnlyCollection<ClosedNetworkCurvePoint>(points);
    }

    /// <summary>
    /// Solves the network approximately by Bard–Schweitzer MVA: Qᵢ(N − 1) ≈ ((N − 1)/N)·Qᵢ(N), iterated from
    /// customers spread in proportion to demand until no queue length changes by more than
    /// <paramref name="tolerance"/> relative.
    /// </summary>
    /// <param name="population">N, the number of customers: ≥ 0.</param>
    /// <param name="tolerance">The relative change of every queue length at which the iteration stops: finite, &gt; 0.</param>
    /// <param name="maxIterations">The most iterations to run: ≥ 1.</param>
    /// <returns>
    /// The approximate figures, with <see cref="ClosedNetworkResult.IsApproximate"/> true, the iterations used and whether
    /// the tolerance was met (when not, the last iterate). Exact for N ≤ 1 and for balanced networks.
    /// </returns>
    /// <remarks>
    /// Each iteration costs O(M). Convergence is linear, and slow when two or more stations share the bottleneck
    /// demand at a large population (thousands of iterations at N = 10⁴); there the exact recursion, O(N·M), is cheaper.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range, NaN or infinite.</exception>
    public ClosedNetworkResult SolveApproximate(int population, double tolerance = 1e-10, int maxIterations = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(population);
        Guard.FinitePositive(tolerance);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        int count = _stations.Length;
        var queue = new double[count];
        if (population == 0)
        {
            return BuildResult(0, queue, isApproximate: true, iterations: 0, converged: true);
        }

        double spread = population / (_totalServiceDemand + _thinkTime);
        for (int i = 0; i < count; i++)
        {
            queue[i] = spread * _queueingDemand[i];
        }

        double seenFraction = (population - 1) / (double)population;
        int iterations = 0;
        bool converged = false;
        while (!converged && iterations < maxIterations)
        {
            iterations++;
            double responseTime = 0;
            for (int i = 0; i < count; i++)
            {
                responseTime += (_queueingDemand[i] * (1 + (seenFraction * queue[i]))) + _delayDemand[i];
            }

            double throughput = population / (responseTime + _thinkTime);
            converged = true;
            for (int i = 0; i < count; i++)
            {
                double updated = throughput * _queueingDemand[i] * (1 + (seenFraction * queue[i]));
                if (!(Math.Abs(updated - queue[i]) <= tolerance * updated))
                {
                    converged = false;
                }

                queue[i] = updated;
            }
        }

        for (int i = 0; i < count; i++)
        {
            queue[i] *= seenFraction;
        }

        return BuildResult(population, queue, isApproximate: true, iterations, converged);
    }

    /// <summary>One step of the exact recursion: from Qᵢ(n − 1) in <paramref name="queue"/> to Qᵢ(n), in place.</summary>
    /// <returns>X(n).</returns>
    private double Advance(double[] queue, int population, out double responseTime)
    {
        double[] queueingDemand = _queueingDemand;
        double[] delayDemand = _delayDemand;
        responseTime = 0;
        for (int i = 0; i < queue.Length; i++)
        {
            responseTime += (queueingDemand[i] * (1 + queue[i])) + delayDemand[i];
        }

        double throughput = population / (responseTime + _thinkTime);
        for (int i = 0; i < queue.Length; i++)
        {
            queue[i] = throughput * queueingDemand[i] * (1 + queue[i]);
        }

        return throughput;
    }

    /// <summary>
    /// The figures at <paramref name="population"/> from the queue lengths an arriving customer sees at the queueing
    /// part of each station (Qᵢ(N − 1) for exact MVA, ((N − 1)/N)·Qᵢ for Bard–Schweitzer).
    /// </summary>
    private ClosedNetworkResult BuildResult(int population, double[] queueSeenOnArrival, bool isApproximate, int iterations, bool converged)
    {
        int count = _stations.Length;
        var residenceTimes = new double[count];
        double responseTime = 0;
        for (int i = 0; i < count; i++)
        {
            if (_stations[i].Kind == ClosedStationKind.Delay)
            {
                residenceTimes[i] = _stations[i].ServiceDemand;
                continue;
            }

            residenceTimes[i] = (_queueingDemand[i] * (1 + queueSeenOnArrival[i])) + _delayDemand[i];
            responseTime += residenceTimes[i];
        }

        double cycleTime = responseTime + _thinkTime;
        double throughput = population / cycleTime;
        var stations = new ClosedStationResult[count];
        for (int i = 0; i < count; i++)
        {
            ClosedStation station = _stations[i];
            stations[i] = new ClosedStationResult
            {
                Name = station.Name,
                Kind = station.Kind,
                ResidenceTime = residenceTimes[i],
                QueueLength = throughput * residenceTimes[i],
                // X·Dᵢ/cᵢ ≤ 1 exactly, but at saturation the rounded X can put it one ulp above.
                Utilization = Math.Min(throughput * _queueingDemand[i], 1),
            };
        }

        return new ClosedNetworkResult(
            population,
            throughput,
            responseTime,
            cycleTime,
            new ReadOnlyCollection<ClosedStationResult>(stations),
            isApproximate,
            iterations,
            converged);
    }
}
