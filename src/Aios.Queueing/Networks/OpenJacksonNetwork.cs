using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Aios.Queueing.Networks;

/// <summary>
/// An open Jackson network: stations of exponential servers joined by probabilistic routing, with Poisson
/// arrivals from outside. A job leaving station i goes to station j with probability P[i][j] and leaves the
/// network with probability 1 − Σⱼ P[i][j].
/// </summary>
/// <remarks>
/// <para>The total arrival rates solve the traffic equations λ = γ + Pᵀλ, that is (I − Pᵀ)λ = γ, by Gaussian
/// elimination with partial pivoting. By Jackson's theorem (J. R. Jackson, "Jobshop-like queueing systems",
/// Management Science 10(1), 1963) the stationary distribution is then the product of independent M/M/cᵢ
/// queues at rates λᵢ, so every per-station figure is that of <see cref="MMcQueue"/>.</para>
/// <para>The equations have a unique solution exactly when every job eventually leaves: from every station
/// some route must reach a station whose routing row sums to less than 1. The constructor checks this on
/// the routing graph and throws otherwise. A row summing to within 10⁻¹² of 1 counts as closed (no exit), since
/// it would give visit ratios above 10¹²; row sums up to 1 + 10⁻¹² are accepted to absorb rounding.</para>
/// <para>An overloaded station (λᵢ ≥ cᵢμᵢ) makes the whole network unstable: <see cref="OpenJacksonNetworkResult.IsStable"/>
/// is false and the network totals are infinite.</para>
/// </remarks>
public sealed class OpenJacksonNetwork
{
    /// <summary>How far a routing row sum may exceed 1 (rounding), and how close to 1 a row must be to count as having no exit.</summary>
    internal const double RowSumTolerance = 1e-12;

    private const int StationsNamedInMessages = 8;

    private readonly JacksonStation[] _stations;
    private readonly ReadOnlyCollection<JacksonStation> _stationsView;
    private readonly double[] _routing;
    private readonly double[] _arrivalRates;
    private readonly double _externalArrivalRate;

    /// <summary>Creates a network from its stations and a routing matrix given row by row.</summary>
    /// <param name="stations">The stations, at least one; at least one must have external arrivals.</param>
    /// <param name="routing">
    /// The routing matrix P with one row and one column per station: <c>routing[i][j]</c> is the probability that a
    /// job finishing at station i goes next to station j. Entries in [0, 1]; each row sums to at most 1, the rest
    /// being the probability of leaving the network.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="stations"/> or <paramref name="routing"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A routing entry is outside [0, 1] or NaN, or a row sums to more than 1.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="stations"/> is empty, holds a default station or has no external arrivals; <paramref name="routing"/>
    /// is not square with one row per station; or some jobs can never leave the network (I − Pᵀ is singular).
    /// </exception>
    public OpenJacksonNetwork(IReadOnlyList<JacksonStation> stations, IReadOnlyList<IReadOnlyList<double>> routing)
        : this(CopyStations(stations), FlattenRows(routing, stations.Count))
    {
    }

    /// <summary>Creates a network from its stations and a routing matrix.</summary>
    /// <param name="stations">The stations, at least one; at least one must have external arrivals.</param>
    /// <param name="routing">
    /// The routing matrix P, n×n for n stations: <c>routing[i, j]</c> is the probability that a job finishing at
    /// station i goes next to station j. Entries in [0, 1]; each row sums to at most 1, the rest being the
    /// probability of leaving the network.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="stations"/> or <paramref name="routing"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A routing entry is outside [0, 1] or NaN, or a row sums to more than 1.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="stations"/> is empty, holds a default station or has no external arrivals; <paramref name="routing"/>
    /// is not n×n; or some jobs can never leave the network (I − Pᵀ is singular).
    /// </exception>
    public OpenJacksonNetwork(IReadOnlyList<JacksonStation> stations, double[,] routing)
        : this(CopyStations(stations), FlattenMatrix(routing, stations.Count))
    {
    }

    private OpenJacksonNetwork(JacksonStation[] stations, double[] routing)
    {
        _stations = stations;
        _stationsView = Array.AsReadOnly(stations);
        _externalArrivalRate = TotalExternalArrivalRate(stations);
        _routing = routing;
        ValidateRouting(routing, stations.Length);
        RequireEveryJobLeaves(routing, stations.Length);
        _arrivalRates = SolveTrafficEquations(stations, routing);
    }

    /// <summary>The stations, in the order given.</summary>
    public IReadOnlyList<JacksonStation> Stations => _stationsView;

    /// <summary>The total external arrival rate Σγᵢ: the network's throughput when it is stable.</summary>
    public double ExternalArrivalRate => _externalArrivalRate;

    /// <summary>P[from][to]: the probability that a job finishing at station <paramref name="from"/> goes next to station <paramref name="to"/>.</summary>
    /// <param name="from">The index of the station the job leaves: 0 ≤ from &lt; station count.</param>
    /// <param name="to">The index of the station the job goes to: 0 ≤ to &lt; station count.</param>
    /// <returns>The routing probability.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside the stations.</exception>
    public double RoutingProbability(int from, int to)
    {
        int n = _stations.Length;
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(from, n);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, n);
        return _routing[(from * n) + to];
    }

    /// <summary>Computes the steady-state figures of every station and of the network as a whole.</summary>
    /// <returns>
    /// Per station: the arrival rate λᵢ, the visit ratio and the M/M/cᵢ metrics. For the network: throughput Σγ,
    /// mean number in the network L = ΣLᵢ and mean sojourn time W = L/Σγ (Little's law); L and W are infinite
    /// when any station is unstable.
    /// </returns>
    public OpenJacksonNetworkResult Evaluate()
    {
        int n = _stations.Length;
        double throughput = _externalArrivalRate;
        var results = new JacksonStationResult[n];
        double numberInNetwork = 0;
        bool stable = true;
        for (int i = 0; i < n; i++)
        {
            JacksonStation station = _stations[i];
            double arrivalRate = _arrivalRates[i];
            QueueMetrics metrics = new MMcQueue(arrivalRate, station.ServiceRate, station.Servers).Evaluate();
            double visitRatio = arrivalRate / throughput;
            stable &= metrics.IsStable;
            numberInNetwork += metrics.MeanNumberInSystem;
            results[i] = new JacksonStationResult
            {
                ArrivalRate = arrivalRate,
                VisitRatio = visitRatio,
                Metrics = metrics,
                // A station nobody visits contributes nothing, even though its per-visit W is 1/μ.
                ResidenceTime = visitRatio == 0 ? 0 : visitRatio * metrics.MeanResponseTime,
            };
        }

        if (!stable)
        {
            numberInNetwork = double.PositiveInfinity;
        }

        return new OpenJacksonNetworkResult(
            new ReadOnlyCollection<JacksonStationResult>(results),
            throughput,
            numberInNetwork,
            numberInNetwork / throughput,
            stable);
    }

    private static double TotalExternalArrivalRate(JacksonStation[] stations)
    {
        double total = 0;
        foreach (JacksonStation station in stations)
        {
            total += station.ExternalArrivalRate;
        }

        return total;
    }

    private static JacksonStation[] CopyStations(IReadOnlyList<JacksonStation> stations)
    {
        ArgumentNullException.ThrowIfNull(stations);
        if (stations.Count == 0)
        {
            throw new ArgumentException("stations must hold at least one station.", nameof(stations));
        }

        var copy = new JacksonStation[stations.Count];
        double external = 0;
        for (int i = 0; i < copy.Length; i++)
        {
            JacksonStation station = stations[i];
            if (station.Servers < 1)
            {
                throw new ArgumentException(
                    $"stations[{i}] is a default JacksonStation (0 servers); create each station with its constructor.",
                    nameof(stations));
            }

            copy[i] = station;
            external += station.ExternalArrivalRate;
        }

        if (!(external > 0))
        {
            throw new ArgumentException(
                "stations must have external arrivals: at least one station needs ExternalArrivalRate > 0 (an open network without arrivals is empty).",
                nameof(stations));
        }

        return copy;
    }

    private static double[] FlattenRows(IReadOnlyList<IReadOnlyList<double>> routing, int n)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (routing.Count != n)
        {
            ThrowShape(nameof(routing), n, $"it has {routing.Count} rows");
        }

        var flat = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            IReadOnlyList<double>? row = routing[i];
            if (row is null)
            {
                ThrowShape(nameof(routing), n, $"row {i} is null");
            }

            if (row.Count != n)
            {
                ThrowShape(nameof(routing), n, $"row {i} has {row.Count} entries");
            }

            for (int j = 0; j < n; j++)
            {
                flat[(i * n) + j] = row[j];
            }
        }

        return flat;
    }

    private static double[] FlattenMatrix(double[,] routing, int n)
    {
        ArgumentNullException.ThrowIfNull(routing);
        if (routing.GetLength(0) != n || routing.GetLength(1) != n)
        {
            ThrowShape(nameof(routing), n, $"it is {routing.GetLength(0)}×{routing.GetLength(1)}");
        }

        var flat = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                flat[(i * n) + j] = routing[i, j];
            }
        }

        return flat;
    }

    private static void ValidateRouting(double[] routing, int n)
    {
        for (int i = 0; i < n; i++)
        {
            double rowSum = 0;
            for (int j = 0; j < n; j++)
            {
                double probability = routing[(i * n) + j];
                if (!(probability >= 0 && probability <= 1))
                {
                    throw new ArgumentOutOfRangeException(
                        nameof(routing),
                        probability,
                        $"routing[{i}][{j}] must be a probability in [0, 1].");
                }

                rowSum += probability;
            }

            if (rowSum > 1 + RowSumTolerance)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(routing),
                    rowSum,
                    $"Row {i} of routing sums to {rowSum.ToString("R", CultureInfo.InvariantCulture)}; the probabilities of going from station {i} to other stations must sum to at most 1 (the rest leaves the network).");
            }
        }
    }

    /// <summary>
    /// I − Pᵀ is singular exactly when some set of stations keeps its jobs forever (a closed class of the routing
    /// chain). Marks every station from which a route reaches an exit, searching backwards from the stations with one.
    /// </summary>
    private static void RequireEveryJobLeaves(double[] routing, int n)
    {
        var canLeave = new bool[n];
        var pending = new Stack<int>();
        for (int i = 0; i < n; i++)
        {
            double rowSum = 0;
            for (int j = 0; j < n; j++)
            {
                rowSum += routing[(i * n) + j];
            }

            if (rowSum < 1 - RowSumTolerance)
            {
                canLeave[i] = true;
                pending.Push(i);
            }
        }

        while (pending.Count > 0)
        {
            int reached = pending.Pop();
            for (int i = 0; i < n; i++)
            {
                if (!canLeave[i] && routing[(i * n) + reached] > 0)
                {
                    canLeave[i] = true;
                    pending.Push(i);
                }
            }
        }

        var trapped = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (!canLeave[i])
            {
                trapped.Add(i);
            }
        }

        if (trapped.Count > 0)
        {
            var names = new StringBuilder();
            for (int k = 0; k < trapped.Count && k < StationsNamedInMessages; k++)
            {
                names.Append(k == 0 ? string.Empty : ", ").Append(trapped[k].ToString(CultureInfo.InvariantCulture));
            }

            if (trapped.Count > StationsNamedInMessages)
            {
                names.Append(CultureInfo.InvariantCulture, $" and {trapped.Count - StationsNamedInMessages} more");
            }

            throw new ArgumentException(
                $"Jobs at station(s) {names} never leave the network: every route from them stays among stations whose routing rows sum to 1, " +
                "so I − Pᵀ is singular and the traffic equations λ = γ + Pᵀλ have no unique solution. Give one of these stations a route out (a row sum below 1).",
                nameof(routing));
        }
    }

    private static double[] SolveTrafficEquations(JacksonStation[] stations, double[] routing)
    {
        int n = stations.Length;
        var system = new double[n * n];
        var rates = new double[n];
        for (int j = 0; j < n; j++)
        {
            rates[j] = stations[j].ExternalArrivalRate;
            for (int i = 0; i < n; i++)
            {
                // Row j of I − Pᵀ: λⱼ − Σᵢ P[i][j]·λᵢ = γⱼ.
                system[(j * n) + i] = (i == j ? 1.0 : 0.0) - routing[(i * n) + j];
            }
        }

        if (!DenseLinearSolver.TrySolve(system, rates))
        {
            throw new ArgumentException("I − Pᵀ is singular to working precision; check that every job eventually leaves the network.", nameof(routing));
        }

        for (int i = 0; i < n; i++)
        {
            double rate = rates[i];
            if (!double.IsFinite(rate))
            {
                throw new ArgumentException(
                    $"The arrival rate at station {i} overflows; the external arrival rates or visit ratios are too large.",
                    nameof(stations));
            }

            // (I − Pᵀ)⁻¹ is non-negative, so a negative rate can only be rounding around an exact 0.
            rates[i] = Math.Max(rate, 0);
        }

        return rates;
    }

    [DoesNotReturn]
    private static void ThrowShape(string paramName, int n, string problem) =>
        throw new ArgumentException(
            $"{paramName} must be a {n}×{n} matrix, one row and one column per station, but {problem}.",
            paramName);
}
