using System.Globalization;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;

namespace Aios.Scheduling.Optimization;

/// <summary>
/// Gavel's round-based scheduling mechanism (Narayanan et al., "Heterogeneity-Aware Cluster Scheduling Policies for
/// Deep Learning Workloads", OSDI 2020, §5) simulated on a heterogeneous cluster: a policy's allocation X (time
/// fractions per job and device type) turned into whole-GPU placements round by round.
/// </summary>
/// <remarks>
/// <para>Time runs in rounds of <see cref="RoundSimulationOptions.RoundSeconds"/> (Gavel: 6 minutes) from the first
/// arrival. A job that arrives during a round waits for the next one. When the cluster holds no active job the
/// simulator jumps to the first round boundary after the next arrival.</para>
/// <para>Linear-program policies: the allocation is recomputed at the start of a round when the set of active jobs
/// changed since the last computation (an arrival or a completion), as Gavel does, not every round. Each (job or pair,
/// device type) with X &gt; 0 gets the priority <c>X / received</c>, where <c>received</c> is the share of the rounds
/// since the job arrived (for a pair, since its later job arrived) in which it ran on that type; one that never ran
/// there has priority +∞ (ties: larger X, then earlier arrival). Entries are taken in priority order and placed when
/// none of their jobs runs yet in this round and the type has the job's scale factor of GPUs free, so each job runs on
/// at most one type per round and X is met over time. A max-min optimum can leave GPUs idle (only the worst-off job's
/// share is pinned down); with <see cref="RoundSimulationOptions.FillIdleGpus"/> (the default) the jobs left out then
/// take the free GPUs, those that ran the smallest share of their rounds first, each on its fastest type with room —
/// work conservation that Gavel's paper does not describe; turn it off for the bare mechanism.</para>
/// <para>Servers: each <see cref="NodeSpec"/> of the <see cref="ClusterSpec"/> is a server with its GPUs of each type.
/// A job is placed on the fullest server of the type that has its scale factor free (best fit, consolidated), else
/// spread over the emptiest servers when the type has enough free GPUs in all; a spread job runs at its
/// <see cref="RoundJob.UnconsolidatedThroughputs"/> (Gavel's unconsolidated measurements). A pair shares the same
/// GPUs of one server, each job at its pair throughput.</para>
/// <para>Progress: a job runs the whole round at its throughput on the type it got; a job whose steps end within the
/// round finishes then (its completion time is exact), but its GPUs stay held until the end of the round, as in
/// Gavel, where workers are reassigned only at round boundaries. No restart or checkpoint cost is modelled between
/// rounds, nor network or data-loading contention.</para>
/// <para>Policies without a linear program (<see cref="RoundPolicy.Las"/>, <see cref="RoundPolicy.Srtf"/>,
/// <see cref="RoundPolicy.SrtfPacked"/>) order the active jobs each round and place them in that order on the first
/// device type (ordinal order) where they fit, heterogeneity-agnostic.</para>
/// </remarks>
public sealed class RoundSimulator
{
    private const double MinimumFraction = 1e-6;
    private readonly string[] types;
    private readonly int[][] servers;
    private readonly Dictionary<string, int> gpusPerType;
    private readonly RoundSimulationOptions options;

    /// <summary>Creates a simulator for a cluster.</summary>
    /// <param name="cluster">The cluster: its nodes are the servers, their device counts per type the GPUs.</param>
    /// <param name="options">The settings; defaults when null. Read once, here.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names it and the range.</exception>
    /// <exception cref="ArgumentException">The cluster has no GPU, or a sharing policy has no <see cref="RoundSimulationOptions.Colocation"/>.</exception>
    public RoundSimulator(ClusterSpec cluster, RoundSimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        options ??= new RoundSimulationOptions();
        if (!Enum.IsDefined(options.Policy))
        {
            Guard.ThrowOutOfRange("options.Policy", options.Policy, "a defined RoundPolicy");
        }

        if (!(options.RoundSeconds > 0 && options.RoundSeconds <= 1e7))
        {
            Guard.ThrowOutOfRange("options.RoundSeconds", options.RoundSeconds, "in (0, 10^7] seconds");
        }

        if (!(options.PackingThreshold >= 1 && options.PackingThreshold <= 2))
        {
            Guard.ThrowOutOfRange("options.PackingThreshold", options.PackingThreshold, "in [1, 2]");
        }

        if (!(options.SampleIntervalSeconds > 0 && options.SampleIntervalSeconds <= 1e9))
        {
            Guard.ThrowOutOfRange("options.SampleIntervalSeconds", options.SampleIntervalSeconds, "in (0, 10^9] seconds");
        }

        if (options.MaxPartnersPerJob is < 1 or > 64)
        {
            Guard.ThrowOutOfRange("options.MaxPartnersPerJob", options.MaxPartnersPerJob, "[1, 64]");
        }

        if (options.MaxRounds is < 1 or > 1_000_000_000)
        {
            Guard.ThrowOutOfRange("options.MaxRounds", options.MaxRounds, "[1, 10^9]");
        }

        ArgumentNullException.ThrowIfNull(options.WallClock, "options.WallClock");
        if (options.Policy is RoundPolicy.GavelLasSpaceSharing or RoundPolicy.SrtfPacked && options.Colocation is null)
        {
            throw new ArgumentException($"options.Colocation must be set for policy '{RoundPolicies.Name(options.Policy)}' (it needs pair throughputs).", nameof(options));
        }

        this.options = new RoundSimulationOptions
        {
            Policy = options.Policy,
            RoundSeconds = options.RoundSeconds,
            Colocation = options.Colocation,
            PackingThreshold = options.PackingThreshold,
            MaxPartnersPerJob = options.MaxPartnersPerJob,
            SampleIntervalSeconds = options.SampleIntervalSeconds,
            MaxRounds = options.MaxRounds,
            FillIdleGpus = options.FillIdleGpus,
            WallClock = options.WallClock,
            RoundObserver = options.RoundObserver,
        };
        types = [.. cluster.DeviceTypes.Where(type => cluster.CountOf(type) > 0).Order(StringComparer.Ordinal)];
        if (types.Length == 0)
        {
            throw new ArgumentException("The cluster must have at least one GPU.", nameof(cluster));
        }

        servers = new int[types.Length][];
        gpusPerType = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int type = 0; type < types.Length; type++)
        {
            servers[type] = [.. cluster.Nodes.Select(node => node.Devices.TryGetValue(types[type], out int count) ? count : 0).Where(count => count > 0)];
            gpusPerType[types[type]] = servers[type].Sum();
        }
    }

    /// <summary>Gets the device types with GPUs, in ordinal order.</summary>
    public IReadOnlyList<string> DeviceTypes => types;

    /// <summary>Runs jobs to completion.</summary>
    /// <param name="jobs">The jobs, in any order (sorted by submit time, then given order); ids unique.</param>
    /// <param name="cancellationToken">Stops the run between rounds.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> or a job is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A job's submit time, scale factor, steps or throughput is outside its range.</exception>
    /// <exception cref="ArgumentException">Two jobs share an id, or a job can run on no device type of the cluster.</exception>
    /// <exception cref="InvalidOperationException">The run took more than <see cref="RoundSimulationOptions.MaxRounds"/> rounds.</exception>
    /// <exception cref="OptimizationSolverException">The linear-program solver failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public RoundSimulationResult Run(IEnumerable<RoundJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        List<Job> pending = Validate(jobs);
        return new RunState(this, pending, cancellationToken).Execute();
    }

    /// <summary>Runs core engine jobs to completion (<see cref="RoundJob.FromSimulationJob"/>: no job type, so never paired).</summary>
    /// <param name="jobs">The jobs; each must carry <see cref="JobSpec.Throughputs"/> and <see cref="JobSpec.TotalWork"/>.</param>
    /// <param name="cancellationToken">Stops the run between rounds.</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> or a job is null.</exception>
    /// <exception cref="ArgumentException">A job has no throughputs or total work, two share an id, or one can run nowhere.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A job's submit time, GPUs, work or throughput is outside its range.</exception>
    /// <exception cref="InvalidOperationException">The run took more than <see cref="RoundSimulationOptions.MaxRounds"/> rounds.</exception>
    /// <exception cref="OptimizationSolverException">The linear-program solver failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public RoundSimulationResult RunSimulationJobs(IEnumerable<SimulationJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return Run(jobs.Select(job => RoundJob.FromSimulationJob(job ?? throw new ArgumentNullException(nameof(jobs), "A job is null."))), cancellationToken);
    }

    private List<Job> Validate(IEnumerable<RoundJob> jobs)
    {
        var list = new List<Job>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (RoundJob? spec in jobs)
        {
            string name = string.Create(CultureInfo.InvariantCulture, $"jobs[{list.Count}]");
            if (spec is null)
            {
                throw new ArgumentNullException(name);
            }

            ArgumentNullException.ThrowIfNull(spec.Id, $"{name}.Id");
            ArgumentNullException.ThrowIfNull(spec.Throughputs, $"{name}.Throughputs");
            if (!seen.Add(spec.Id))
            {
                throw new ArgumentException($"{name}.Id must be unique ('{spec.Id}' appears twice).", nameof(jobs));
            }

            Guard.InRange(spec.SubmitTime, 0, SimulationJob.MaxSubmitTime, upperInclusive: true, paramName: $"{name}.SubmitTime");
            ArgumentOutOfRangeException.ThrowIfLessThan(spec.ScaleFactor, 1, $"{name}.ScaleFactor");
            Guard.FinitePositive(spec.TotalSteps, $"{name}.TotalSteps");
            var job = new Job(spec, list.Count, types.Length);
            for (int type = 0; type < types.Length; type++)
            {
                if (spec.Throughputs.TryGetValue(types[type], out double value))
                {
                    Guard.FiniteNonNegative(value, $"{name}.Throughputs[{types[type]}]");
                    if (gpusPerType[types[type]] >= spec.ScaleFactor)
                    {
                        job.Isolated[type] = value;
                    }
                }

                if (spec.UnconsolidatedThroughputs is null)
                {
                    job.Spread[type] = job.Isolated[type];
                }
                else if (spec.UnconsolidatedThroughputs.TryGetValue(types[type], out double spread))
                {
                    Guard.FiniteNonNegative(spread, $"{name}.UnconsolidatedThroughputs[{types[type]}]");
                    job.Spread[type] = job.Isolated[type] > 0 ? spread : 0;
                }

                job.Best = Math.Max(job.Best, job.Isolated[type]);
            }

            if (job.Best <= 0)
            {
                throw new ArgumentException($"{name} ('{spec.Id}') must have a positive throughput on a device type with at least {spec.ScaleFactor} GPU(s) in the cluster.", nameof(jobs));
            }

            list.Add(job);
        }

        list.Sort((x, y) => x.Spec.SubmitTime != y.Spec.SubmitTime ? x.Spec.SubmitTime.CompareTo(y.Spec.SubmitTime) : x.Order.CompareTo(y.Order));
        return list;
    }

    /// <summary>A job's state during a run.</summary>
    private sealed class Job(RoundJob spec, int order, int typeCount)
    {
        public RoundJob Spec { get; } = spec;

        public int Order { get; } = order;

        public double[] Isolated { get; } = new double[typeCount];

        public double[] Spread { get; } = new double[typeCount];

        public long[] RoundsOn { get; } = new long[typeCount];

        public double Best { get; set; }

        public double Remaining { get; set; } = spec.TotalSteps;

        public double FirstStart { get; set; } = double.NaN;

        public long ActiveRounds { get; set; }

        public long RoundsRun { get; set; }

        public double Attained { get; set; }

        public double IsolatedElapsed { get; set; }

        public double EqualShareThroughput { get; set; }

        public double Finish { get; set; } = double.NaN;

        public bool Placed { get; set; }

        public bool RanLastRound { get; set; }

        public double RoundProgress { get; set; }
    }

    /// <summary>A single job or a pair, with its time fractions and progress rates per device type.</summary>
    private sealed class Combo(Job first, Job? second, int typeCount)
    {
        public Job First { get; } = first;

        public Job? Second { get; } = second;

        public double[] Fractions { get; } = new double[typeCount];

        public double[] FirstRates { get; } = new double[typeCount];

        public double[] SecondRates { get; } = new double[typeCount];

        public long[]? PairRounds { get; set; }
    }

    private sealed class Placement(Combo combo, int type, bool spread)
    {
        public Combo Combo { get; } = combo;

        public int Type { get; } = type;

        public bool Spread { get; } = spread;

        public Job? Partner { get; set; }

        public double FirstRate { get; set; }

        public double PartnerRate { get; set; }
    }

    private sealed class RunState(RoundSimulator simulator, List<Job> pending, CancellationToken cancellationToken)
    {
        private readonly RoundSimulationOptions options = simulator.options;
        private readonly string[] types = simulator.types;
        private readonly List<Job> active = [];
        private readonly List<RoundJobOutcome> outcomes = [];
        private readonly Dictionary<(int, int), long[]> pairRounds = [];
        private readonly List<UtilizationSample> utilization = [];
        private readonly List<QueueLengthSample> queue = [];
        private int[][] free = [];
        private List<Combo> combos = [];
        private long solves;
        private double solveSeconds;
        private double maxSolveSeconds;
        private long sharedJobRounds;
        private long preemptions;
        private double busyGpuSeconds;
        private double sampleStart = double.NaN;
        private double sampleBusy;
        private double sampleCapacity;
        private double sampleWaiting;
        private double sampleLength;

        private int TotalGpus => simulator.gpusPerType.Values.Sum();

        public RoundSimulationResult Execute()
        {
            double round = options.RoundSeconds;
            int next = 0;
            long rounds = 0;
            double origin = pending.Count > 0 ? pending[0].Spec.SubmitTime : 0;
            double start = origin;
            bool changed = false;
            free = new int[types.Length][];
            while (next < pending.Count || active.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (active.Count == 0 && pending[next].Spec.SubmitTime > start)
                {
                    start = origin + (Math.Ceiling((pending[next].Spec.SubmitTime - origin) / round) * round);
                }

                while (next < pending.Count && pending[next].Spec.SubmitTime <= start)
                {
                    active.Add(pending[next++]);
                    changed = true;
                }

                if (++rounds > options.MaxRounds)
                {
                    throw new InvalidOperationException($"The run took more than options.MaxRounds = {options.MaxRounds} rounds ({active.Count} jobs active); raise it or lighten the workload.");
                }

                if (changed && IsLinearProgram(options.Policy))
                {
                    long timestamp = options.WallClock.GetTimestamp();
                    Allocate(start);
                    double seconds = options.WallClock.GetElapsedTime(timestamp).TotalSeconds;
                    solves++;
                    solveSeconds += seconds;
                    maxSolveSeconds = Math.Max(maxSolveSeconds, seconds);
                }

                changed = false;
                List<Placement> placements = Place();
                changed = Progress(placements, start, start + round);
                start += round;
            }

            FlushSample();
            return Summarize(origin, rounds);
        }

        private static bool IsLinearProgram(RoundPolicy policy) => policy is not (RoundPolicy.Las or RoundPolicy.Srtf or RoundPolicy.SrtfPacked);

        private void Allocate(double now)
        {
            bool agnostic = options.Policy == RoundPolicy.GavelLasAgnostic;
            var jobs = new ThroughputJob[active.Count];
            for (int index = 0; index < active.Count; index++)
            {
                Job job = active[index];
                var throughputs = new Dictionary<string, double>(StringComparer.Ordinal);
                for (int type = 0; type < types.Length; type++)
                {
                    if (job.Isolated[type] > 0)
                    {
                        throughputs[types[type]] = agnostic ? 1 : job.Isolated[type];
                    }
                }

                jobs[index] = new ThroughputJob(job.Spec.Id, throughputs)
                {
                    ScaleFactor = job.Spec.ScaleFactor,
                    RemainingSteps = job.Remaining,
                    ElapsedSeconds = now - job.Spec.SubmitTime,
                    IsolatedElapsedSeconds = job.IsolatedElapsed,
                };
            }

            if (options.Policy == RoundPolicy.GavelFinishTimeFairness)
            {
                ThroughputAllocation equal = ThroughputOptimizer.EqualShare(jobs, simulator.gpusPerType);
                for (int index = 0; index < active.Count; index++)
                {
                    active[index].EqualShareThroughput = equal.EffectiveThroughputs[index];
                }
            }

            if (options.Policy == RoundPolicy.GavelLasSpaceSharing)
            {
                combos = SpaceSharingAllocator.Allocate(active.ConvertAll(job => new SpaceSharingAllocator.Member(job.Spec.JobType, job.Spec.ScaleFactor, job.Isolated)), jobs, types, simulator.gpusPerType, options)
                    .ConvertAll(result => ToCombo(result.First, result.Second, result.Fractions, result.FirstRates, result.SecondRates));
                return;
            }

            OptimizationPolicy policy = options.Policy switch
            {
                RoundPolicy.GavelFinishTimeFairness => OptimizationPolicy.FinishTimeFairness,
                RoundPolicy.GavelMakespan => OptimizationPolicy.MinimumMakespan,
                RoundPolicy.GavelThroughput => OptimizationPolicy.MaximumTotalThroughput,
                _ => OptimizationPolicy.MaxMinFairness,
            };
            ThroughputAllocation allocation = ThroughputOptimizer.Solve(policy, jobs, simulator.gpusPerType);
            double[][] fractions = [.. allocation.Fractions.Select(row => row.ToArray())];
            if (agnostic)
            {
                SpreadOverTypes(fractions);
            }

            combos = new List<Combo>(active.Count);
            for (int index = 0; index < active.Count; index++)
            {
                combos.Add(ToCombo(index, -1, fractions[index], active[index].Isolated, null));
            }
        }

        // With every throughput equal the linear program is degenerate: only each job's total time is determined, and
        // a simplex vertex puts it on arbitrary types. Gavel solves with cvxpy, whose interior-point answer is, by
        // symmetry, the centre of that face: each type's share of a job's time proportional to the type's GPUs. This
        // spreads each job's total time that way (jobs that cannot run on every type keep the solver's row), then
        // scales down any type's column that would exceed its GPUs.
        private void SpreadOverTypes(double[][] fractions)
        {
            double total = simulator.gpusPerType.Values.Sum();
            for (int index = 0; index < active.Count; index++)
            {
                if (active[index].Isolated.All(value => value > 0))
                {
                    double sum = fractions[index].Sum();
                    for (int type = 0; type < types.Length; type++)
                    {
                        fractions[index][type] = sum * simulator.gpusPerType[types[type]] / total;
                    }
                }
            }

            for (int type = 0; type < types.Length; type++)
            {
                double used = 0;
                for (int index = 0; index < active.Count; index++)
                {
                    used += active[index].Spec.ScaleFactor * fractions[index][type];
                }

                double gpus = simulator.gpusPerType[types[type]];
                for (int index = 0; used > gpus && index < active.Count; index++)
                {
                    fractions[index][type] *= gpus / used;
                }
            }
        }

        private Combo ToCombo(int first, int second, double[] fractions, double[] firstRates, double[]? secondRates)
        {
            var combo = new Combo(active[first], second < 0 ? null : active[second], types.Length);
            fractions.CopyTo(combo.Fractions, 0);
            firstRates.CopyTo(combo.FirstRates, 0);
            secondRates?.CopyTo(combo.SecondRates, 0);
            if (combo.Second is { } partner)
            {
                (int, int) key = (Math.Min(combo.First.Order, partner.Order), Math.Max(combo.First.Order, partner.Order));
                if (!pairRounds.TryGetValue(key, out long[]? counts))
                {
                    counts = new long[types.Length];
                    pairRounds[key] = counts;
                }

                combo.PairRounds = counts;
            }

            return combo;
        }

        private List<Placement> Place()
        {
            for (int type = 0; type < types.Length; type++)
            {
                free[type] = (int[])simulator.servers[type].Clone();
            }

            foreach (Job job in active)
            {
                job.Placed = false;
            }

            var placements = new List<Placement>();
            if (IsLinearProgram(options.Policy))
            {
                PlaceByPriority(placements);
                if (options.FillIdleGpus)
                {
                    FillIdle(placements);
                }
            }
            else
            {
                List<Job> order = [.. active];
                if (options.Policy == RoundPolicy.Las)
                {
                    order.Sort((x, y) => x.Attained != y.Attained ? x.Attained.CompareTo(y.Attained) : x.Order.CompareTo(y.Order));
                }
                else
                {
                    order.Sort((x, y) =>
                    {
                        double left = x.Remaining / x.Best;
                        double right = y.Remaining / y.Best;
                        return left != right ? left.CompareTo(right) : x.Order.CompareTo(y.Order);
                    });
                }

                foreach (Job job in order)
                {
                    TryPlaceAnywhere(job, placements);
                }

                if (options.Policy == RoundPolicy.SrtfPacked)
                {
                    Pack(order, placements);
                }
            }

            return placements;
        }

        private void PlaceByPriority(List<Placement> placements)
        {
            var entries = new List<(double Priority, double Fraction, Combo Combo, int Type)>();
            foreach (Combo combo in combos)
            {
                long activeRounds = combo.Second is null ? combo.First.ActiveRounds : Math.Min(combo.First.ActiveRounds, combo.Second.ActiveRounds);
                for (int type = 0; type < types.Length; type++)
                {
                    double fraction = combo.Fractions[type];
                    if (fraction <= MinimumFraction)
                    {
                        continue;
                    }

                    long received = combo.PairRounds is { } counts ? counts[type] : combo.First.RoundsOn[type];
                    double priority = received == 0 ? double.PositiveInfinity : fraction / ((double)received / Math.Max(1, activeRounds));
                    entries.Add((priority, fraction, combo, type));
                }
            }

            entries.Sort((x, y) =>
            {
                int byPriority = y.Priority.CompareTo(x.Priority);
                if (byPriority != 0)
                {
                    return byPriority;
                }

                int byFraction = y.Fraction.CompareTo(x.Fraction);
                return byFraction != 0 ? byFraction : x.Combo.First.Order.CompareTo(y.Combo.First.Order);
            });
            foreach ((_, _, Combo combo, int type) in entries)
            {
                if (combo.First.Placed || combo.Second?.Placed == true)
                {
                    continue;
                }

                int gpus = combo.First.Spec.ScaleFactor;
                int server = BestFit(type, gpus);
                if (combo.Second is { } second)
                {
                    if (server < 0)
                    {
                        continue;
                    }

                    free[type][server] -= gpus;
                    combo.First.Placed = true;
                    second.Placed = true;
                    placements.Add(new Placement(combo, type, spread: false) { Partner = second, FirstRate = combo.FirstRates[type], PartnerRate = combo.SecondRates[type] });
                    continue;
                }

                if (server >= 0)
                {
                    free[type][server] -= gpus;
                    combo.First.Placed = true;
                    placements.Add(new Placement(combo, type, spread: false) { FirstRate = combo.First.Isolated[type] });
                }
                else if (combo.First.Spread[type] > 0 && TakeSpread(type, gpus))
                {
                    combo.First.Placed = true;
                    placements.Add(new Placement(combo, type, spread: true) { FirstRate = combo.First.Spread[type] });
                }
            }
        }

        // Work conservation: jobs the priorities left out, those that ran least of their rounds first, on the free
        // GPUs of the type where they are fastest.
        private void FillIdle(List<Placement> placements)
        {
            List<Job> left = [.. active.Where(job => !job.Placed)];
            left.Sort((x, y) =>
            {
                double first = (double)x.RoundsRun / Math.Max(1, x.ActiveRounds);
                double second = (double)y.RoundsRun / Math.Max(1, y.ActiveRounds);
                return first != second ? first.CompareTo(second) : x.Order.CompareTo(y.Order);
            });
            int[] byThroughput = new int[types.Length];
            foreach (Job job in left)
            {
                for (int type = 0; type < types.Length; type++)
                {
                    byThroughput[type] = type;
                }

                Array.Sort(byThroughput, (x, y) => job.Isolated[y].CompareTo(job.Isolated[x]));
                int gpus = job.Spec.ScaleFactor;
                foreach (int type in byThroughput)
                {
                    if (job.Isolated[type] <= 0)
                    {
                        break;
                    }

                    if (BestFit(type, gpus) is int server and >= 0)
                    {
                        free[type][server] -= gpus;
                        job.Placed = true;
                        placements.Add(new Placement(new Combo(job, null, types.Length), type, spread: false) { FirstRate = job.Isolated[type] });
                        break;
                    }

                    if (job.Spread[type] > 0 && TakeSpread(type, gpus))
                    {
                        job.Placed = true;
                        placements.Add(new Placement(new Combo(job, null, types.Length), type, spread: true) { FirstRate = job.Spread[type] });
                        break;
                    }
                }
            }
        }

        private void TryPlaceAnywhere(Job job, List<Placement> placements)
        {
            int gpus = job.Spec.ScaleFactor;
            for (int type = 0; type < types.Length; type++)
            {
                if (job.Isolated[type] > 0 && BestFit(type, gpus) is int server and >= 0)
                {
                    free[type][server] -= gpus;
                    job.Placed = true;
                    placements.Add(new Placement(new Combo(job, null, types.Length), type, spread: false) { FirstRate = job.Isolated[type] });
                    return;
                }
            }

            for (int type = 0; type < types.Length; type++)
            {
                if (job.Spread[type] > 0 && TakeSpread(type, gpus))
                {
                    job.Placed = true;
                    placements.Add(new Placement(new Combo(job, null, types.Length), type, spread: true) { FirstRate = job.Spread[type] });
                    return;
                }
            }
        }

        // Gandiva/Muri-style greedy packing: each waiting job (in the policy's order) joins the running single job of
        // its scale factor whose pair gives the largest normalised throughput sum, when that sum reaches the threshold.
        private void Pack(List<Job> order, List<Placement> placements)
        {
            foreach (Job waiting in order)
            {
                if (waiting.Placed || waiting.Spec.JobType is null)
                {
                    continue;
                }

                Placement? best = null;
                double bestSum = options.PackingThreshold;
                double bestRunning = 0;
                double bestWaiting = 0;
                foreach (Placement placement in placements)
                {
                    Job running = placement.Combo.First;
                    if (placement.Partner is not null || placement.Spread || running.Spec.ScaleFactor != waiting.Spec.ScaleFactor || running.Spec.JobType is null || waiting.Isolated[placement.Type] <= 0)
                    {
                        continue;
                    }

                    if (options.Colocation!.TryGetPairThroughputs(types[placement.Type], running.Spec.JobType, running.Spec.ScaleFactor, waiting.Spec.JobType, waiting.Spec.ScaleFactor, out double runningRate, out double waitingRate))
                    {
                        double sum = (runningRate / running.Isolated[placement.Type]) + (waitingRate / waiting.Isolated[placement.Type]);
                        if (sum >= bestSum)
                        {
                            (best, bestSum, bestRunning, bestWaiting) = (placement, sum, runningRate, waitingRate);
                        }
                    }
                }

                if (best is not null)
                {
                    best.Partner = waiting;
                    best.FirstRate = bestRunning;
                    best.PartnerRate = bestWaiting;
                    waiting.Placed = true;
                }
            }
        }

        private int BestFit(int type, int gpus)
        {
            int[] capacity = free[type];
            int best = -1;
            for (int server = 0; server < capacity.Length; server++)
            {
                if (capacity[server] >= gpus && (best < 0 || capacity[server] < capacity[best]))
                {
                    best = server;
                }
            }

            return best;
        }

        private bool TakeSpread(int type, int gpus)
        {
            int[] capacity = free[type];
            if (capacity.Sum() < gpus)
            {
                return false;
            }

            while (gpus > 0)
            {
                int emptiest = 0;
                for (int server = 1; server < capacity.Length; server++)
                {
                    if (capacity[server] > capacity[emptiest])
                    {
                        emptiest = server;
                    }
                }

                int take = Math.Min(gpus, capacity[emptiest]);
                capacity[emptiest] -= take;
                gpus -= take;
            }

            return true;
        }

        // Runs one round; returns whether a job finished.
        private bool Progress(List<Placement> placements, double start, double end)
        {
            double length = end - start;
            bool finished = false;
            var record = options.RoundObserver is null ? null : new List<RoundPlacement>(placements.Count);
            foreach (Placement placement in placements)
            {
                int gpus = placement.Combo.First.Spec.ScaleFactor;
                double busy = Advance(placement.Combo.First, placement.FirstRate, placement.Type, start, length);
                if (placement.Partner is { } partner)
                {
                    busy = Math.Max(busy, Advance(partner, placement.PartnerRate, placement.Type, start, length));
                    sharedJobRounds += 2;
                    if (placement.Combo.PairRounds is { } counts)
                    {
                        counts[placement.Type]++;
                    }
                }

                busyGpuSeconds += gpus * busy;
                sampleBusy += gpus * busy;
                record?.Add(new RoundPlacement(
                    placement.Partner is null ? [placement.Combo.First.Spec.Id] : [placement.Combo.First.Spec.Id, placement.Partner.Spec.Id],
                    types[placement.Type],
                    gpus,
                    placement.Partner is null ? [placement.FirstRate] : [placement.FirstRate, placement.PartnerRate],
                    placement.Spread));
            }

            int waiting = 0;
            foreach (Job job in active)
            {
                job.ActiveRounds++;
                if (job.RanLastRound && !job.Placed)
                {
                    preemptions++;
                }

                job.RanLastRound = job.Placed;
                if (!job.Placed)
                {
                    waiting++;
                }
                else if (options.Policy == RoundPolicy.GavelFinishTimeFairness && job.EqualShareThroughput > 0)
                {
                    job.IsolatedElapsed += job.RoundProgress / job.EqualShareThroughput;
                }
            }

            AddSample(start, length, waiting);
            options.RoundObserver?.Invoke(new RoundRecord(start, end, record!));
            for (int index = active.Count - 1; index >= 0; index--)
            {
                Job job = active[index];
                if (!double.IsNaN(job.Finish))
                {
                    outcomes.Add(new RoundJobOutcome(job.Spec.Id, job.Spec.SubmitTime, job.FirstStart, job.Finish, job.RoundsRun));
                    active.RemoveAt(index);
                    finished = true;
                }
            }

            return finished;
        }

        // Runs a job for a round at a rate; returns the seconds it computed.
        private static double Advance(Job job, double rate, int type, double start, double length)
        {
            job.RoundsRun++;
            job.RoundsOn[type]++;
            if (double.IsNaN(job.FirstStart))
            {
                job.FirstStart = start;
            }

            double seconds = length;
            double before = job.Remaining;
            if (rate * length >= job.Remaining)
            {
                seconds = job.Remaining / rate;
                job.Finish = start + seconds;
                job.Remaining = 0;
            }
            else
            {
                job.Remaining -= rate * length;
            }

            job.RoundProgress = before - job.Remaining;
            job.Attained += job.Spec.ScaleFactor * seconds;
            return seconds;
        }

        private void AddSample(double start, double length, int waiting)
        {
            double interval = options.SampleIntervalSeconds;
            if (!double.IsNaN(sampleStart) && start >= sampleStart + interval)
            {
                FlushSample();
            }

            if (double.IsNaN(sampleStart))
            {
                sampleStart = start;
            }

            sampleCapacity += (double)TotalGpus * length;
            sampleWaiting += waiting * length;
            sampleLength += length;
        }

        private void FlushSample()
        {
            if (double.IsNaN(sampleStart) || sampleLength <= 0)
            {
                return;
            }

            utilization.Add(new UtilizationSample(sampleStart, sampleLength, Math.Min(1, sampleBusy / sampleCapacity)));
            queue.Add(new QueueLengthSample(sampleStart, sampleLength, sampleWaiting / sampleLength));
            sampleStart = double.NaN;
            sampleBusy = 0;
            sampleCapacity = 0;
            sampleWaiting = 0;
            sampleLength = 0;
        }

        private RoundSimulationResult Summarize(double origin, long rounds)
        {
            double[] jcts = [.. outcomes.Select(outcome => outcome.CompletionTime)];
            Array.Sort(jcts);
            double last = outcomes.Count == 0 ? origin : outcomes.Max(outcome => outcome.FinishTime);
            double makespan = last - origin;
            return new RoundSimulationResult
            {
                PolicyName = RoundPolicies.Name(options.Policy),
                Jobs = pending.Count,
                Completed = outcomes.Count,
                Makespan = makespan,
                MeanJct = jcts.Length == 0 ? 0 : jcts.Average(),
                MedianJct = Percentile(jcts, 0.5),
                P95Jct = Percentile(jcts, 0.95),
                P99Jct = Percentile(jcts, 0.99),
                Utilization = makespan > 0 ? Math.Min(1, busyGpuSeconds / (TotalGpus * makespan)) : 0,
                UtilizationOverTime = utilization.AsReadOnly(),
                QueueLengthOverTime = queue.AsReadOnly(),
                Outcomes = outcomes.AsReadOnly(),
                Rounds = rounds,
                AllocationSolves = solves,
                MeanSolveSeconds = solves == 0 ? 0 : solveSeconds / solves,
                MaxSolveSeconds = maxSolveSeconds,
                SharedJobRounds = sharedJobRounds,
                Preemptions = preemptions,
            };
        }

        private static double Percentile(double[] sorted, double quantile)
        {
            if (sorted.Length == 0)
            {
                return 0;
            }

            int rank = (int)Math.Ceiling(quantile * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
