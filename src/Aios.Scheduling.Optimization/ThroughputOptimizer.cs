using System.Globalization;
using Google.OrTools.LinearSolver;

namespace Aios.Scheduling.Optimization;

/// <summary>
/// Solves Gavel's heterogeneity-aware policies as linear programs over the effective-throughput formulation
/// (Narayanan et al., "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads", OSDI 2020, §3–4).
/// </summary>
/// <remarks>
/// <para>The variables are X[j][t], the fraction of time job j runs on devices of type t. Every policy keeps X feasible:
/// <c>Σ_t X[j][t] ≤ 1</c> for each job and <c>Σ_j ScaleFactor_j·X[j][t] ≤ GPUs_t</c> for each type; a job never gets
/// time on a type where its throughput is 0 or that has fewer GPUs than its scale factor. Its effective throughput is
/// <c>Σ_t X[j][t]·T[j][t]</c>.</para>
/// <para>The equal share, against which max-min fairness normalises and finish-time fairness measures, gives each of
/// the m jobs 1/m of every type's GPUs it can run on, <c>X[j][t] = GPUs_t / (m·ScaleFactor_j)</c>, the row scaled
/// down to sum to at most 1: Gavel's isolated allocation (<c>IsolatedPolicy</c>), except that a type the job cannot
/// run on takes no part of its time. It is feasible, so max-min fairness never ends below 1 when all weights are 1.
/// With scale factors this counts GPU-time, as Gavel does (its max-min multiplies throughputs by the scale factor): a
/// job on 4 GPUs is owed a quarter of the time a 1-GPU job is.</para>
/// <para>The solver is Google OR-Tools' GLOP (a primal/dual simplex, Apache-2.0): exact optima, no licence server,
/// native builds for linux and macOS on x64 and arm64, and incremental re-solves, which the bisection of finish-time
/// fairness uses.</para>
/// </remarks>
public static class ThroughputOptimizer
{
    private const double FeasibilityTolerance = 1e-9;

    /// <summary>Finds the allocation that optimises a policy.</summary>
    /// <param name="policy">The objective.</param>
    /// <param name="jobs">The active jobs; ids unique. No jobs gives an empty allocation with objective value 0.</param>
    /// <param name="gpusPerType">Each device type's GPU count, &gt;= 0; at least one type.</param>
    /// <returns>The allocation and its objective value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/>, <paramref name="gpusPerType"/>, a job or a job's throughputs is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="policy"/> is undefined, or a GPU count, throughput, scale factor, weight, remaining steps or
    /// elapsed time is outside its range (the message names it and the range).
    /// </exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="gpusPerType"/> is empty, two jobs share an id, a job can run on no type (no positive throughput
    /// on a type with at least its scale factor of GPUs), or the policy needs <see cref="ThroughputJob.RemainingSteps"/>
    /// and a job has none.
    /// </exception>
    /// <exception cref="OptimizationSolverException">OR-Tools' native library cannot be loaded, or GLOP did not find an optimum.</exception>
    public static ThroughputAllocation Solve(OptimizationPolicy policy, IReadOnlyList<ThroughputJob> jobs, IReadOnlyDictionary<string, int> gpusPerType)
    {
        if (!Enum.IsDefined(policy))
        {
            Guard.ThrowOutOfRange(nameof(policy), policy, "a defined OptimizationPolicy");
        }

        Problem problem = Problem.Create(jobs, gpusPerType, needsRemainingSteps: policy is OptimizationPolicy.MinimumMakespan or OptimizationPolicy.FinishTimeFairness);
        if (problem.JobCount == 0)
        {
            return new ThroughputAllocation(policy, problem.JobIds, problem.DeviceTypes, [], [], 0);
        }

        double[][] fractions = policy switch
        {
            OptimizationPolicy.MaxMinFairness => SolveMaxMin(problem, job => problem.EqualShareThroughput[job] * jobs[job].Weight),
            OptimizationPolicy.MinimumMakespan => SolveMaxMin(problem, job => jobs[job].RemainingSteps!.Value),
            OptimizationPolicy.FinishTimeFairness => SolveFinishTimeFairness(problem, jobs),
            _ => SolveMaximumThroughput(problem),
        };

        double[] throughputs = problem.MakeFeasible(fractions);
        double objective = Objective(policy, problem, jobs, throughputs);
        return new ThroughputAllocation(policy, problem.JobIds, problem.DeviceTypes, fractions, throughputs, objective);
    }

    /// <summary>Computes the equal-share allocation that <see cref="OptimizationPolicy.MaxMinFairness"/> normalises by, with no solver.</summary>
    /// <param name="jobs">The active jobs; ids unique.</param>
    /// <param name="gpusPerType">Each device type's GPU count, &gt;= 0; at least one type.</param>
    /// <returns>The allocation; its objective value is the smallest normalised throughput, 1 when every weight is 1.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/>, <paramref name="gpusPerType"/>, a job or a job's throughputs is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A GPU count, throughput, scale factor, weight or elapsed time is outside its range.</exception>
    /// <exception cref="ArgumentException"><paramref name="gpusPerType"/> is empty, two jobs share an id, or a job can run on no type.</exception>
    public static ThroughputAllocation EqualShare(IReadOnlyList<ThroughputJob> jobs, IReadOnlyDictionary<string, int> gpusPerType)
    {
        Problem problem = Problem.Create(jobs, gpusPerType, needsRemainingSteps: false);
        double[][] fractions = problem.EqualShareFractions();
        double[] throughputs = problem.MakeFeasible(fractions);
        double objective = problem.JobCount == 0 ? 0 : Objective(OptimizationPolicy.MaxMinFairness, problem, jobs, throughputs);
        return new ThroughputAllocation(OptimizationPolicy.MaxMinFairness, problem.JobIds, problem.DeviceTypes, fractions, throughputs, objective);
    }

    private static double Objective(OptimizationPolicy policy, Problem problem, IReadOnlyList<ThroughputJob> jobs, double[] throughputs)
    {
        double value = policy switch
        {
            OptimizationPolicy.MaxMinFairness => double.PositiveInfinity,
            OptimizationPolicy.MaximumTotalThroughput => 0,
            _ => double.NegativeInfinity,
        };
        for (int job = 0; job < problem.JobCount; job++)
        {
            value = policy switch
            {
                OptimizationPolicy.MaxMinFairness => Math.Min(value, throughputs[job] / (problem.EqualShareThroughput[job] * jobs[job].Weight)),
                OptimizationPolicy.MinimumMakespan => Math.Max(value, jobs[job].RemainingSteps!.Value / throughputs[job]),
                OptimizationPolicy.FinishTimeFairness => Math.Max(value, FinishTimeRatio(jobs[job], throughputs[job], problem.EqualShareThroughput[job])),
                _ => value + throughputs[job],
            };
        }

        return value;
    }

    // Themis' ρ in Gavel's form: the job's expected finish time under the allocation over its finish time with an equal share.
    private static double FinishTimeRatio(ThroughputJob job, double throughput, double equalShareThroughput) =>
        (job.ElapsedSeconds + (job.RemainingSteps!.Value / throughput)) / IsolatedFinishTime(job, equalShareThroughput);

    private static double IsolatedFinishTime(ThroughputJob job, double equalShareThroughput) =>
        job.IsolatedElapsedSeconds + (job.RemainingSteps!.Value / equalShareThroughput);

    // maximise z subject to throughput_j(X) / scale_j >= z for every job. Max-min fairness divides by the equal-share
    // throughput times the weight; minimum makespan by the remaining steps (z = 1 / makespan). Each row is written in
    // the job's normalised throughput, throughput_j(X) / equalShare_j >= d_j·z with d_j = (scale_j / equalShare_j) /
    // max_k (scale_k / equalShare_k) in (0, 1]: the coefficients stay near the inverse of the equal-share fractions
    // whatever the units, which GLOP needs (with remaining steps as divisors directly it ends ABNORMAL at 10,000 jobs).
    private static double[][] SolveMaxMin(Problem problem, Func<int, double> scale)
    {
        using var lp = new Lp(problem);
        double[] relative = new double[problem.JobCount];
        double reference = 0;
        for (int job = 0; job < problem.JobCount; job++)
        {
            relative[job] = scale(job) / problem.EqualShareThroughput[job];
            reference = Math.Max(reference, relative[job]);
        }

        Variable z = lp.Solver.MakeNumVar(0, double.PositiveInfinity, "z");
        for (int job = 0; job < problem.JobCount; job++)
        {
            Constraint floor = lp.Solver.MakeConstraint(0, double.PositiveInfinity, "");
            lp.SetThroughputCoefficients(floor, job, 1 / problem.EqualShareThroughput[job]);
            floor.SetCoefficient(z, -relative[job] / reference);
        }

        Objective objective = lp.Solver.Objective();
        objective.SetCoefficient(z, 1);
        objective.SetMaximization();
        lp.SolveOptimal();
        return lp.Fractions();
    }

    private static double[][] SolveMaximumThroughput(Problem problem)
    {
        using var lp = new Lp(problem);
        Objective objective = lp.Solver.Objective();
        for (int job = 0; job < problem.JobCount; job++)
        {
            for (int type = 0; type < problem.TypeCount; type++)
            {
                if (lp.Variables[job][type] is { } variable)
                {
                    objective.SetCoefficient(variable, problem.Throughputs[job][type]);
                }
            }
        }

        objective.SetMaximization();
        lp.SolveOptimal();
        return lp.Fractions();
    }

    // min max_j ρ_j is not linear (ρ_j has 1 / throughput_j), but "every ρ_j <= ρ" is: throughput_j(X) >= R_j / (ρ·I_j - e_j).
    // Bisect on ρ between a bound no allocation beats (e_j / I_j) and the equal share's ρ. Each step solves
    // max z subject to throughput_j(X) / need_j(ρ) >= z: z >= 1 says ρ is reachable, and the allocation found gives an
    // upper bound of its own (its actual largest ρ), which usually closes the interval in a few steps.
    private static double[][] SolveFinishTimeFairness(Problem problem, IReadOnlyList<ThroughputJob> jobs)
    {
        double[][] best = problem.EqualShareFractions();
        double upper = 0;
        double lower = 0;
        for (int job = 0; job < problem.JobCount; job++)
        {
            double isolated = IsolatedFinishTime(jobs[job], problem.EqualShareThroughput[job]);
            upper = Math.Max(upper, FinishTimeRatio(jobs[job], problem.EqualShareThroughput[job], problem.EqualShareThroughput[job]));
            lower = Math.Max(lower, jobs[job].ElapsedSeconds / isolated);
        }

        using var lp = new Lp(problem);
        Variable z = lp.Solver.MakeNumVar(0, double.PositiveInfinity, "z");
        var floors = new Constraint[problem.JobCount];
        for (int job = 0; job < problem.JobCount; job++)
        {
            floors[job] = lp.Solver.MakeConstraint(0, double.PositiveInfinity, "");
            floors[job].SetCoefficient(z, -1);
        }

        Objective objective = lp.Solver.Objective();
        objective.SetCoefficient(z, 1);
        objective.SetMaximization();
        for (int step = 0; step < 100 && upper - lower > 1e-9 * upper; step++)
        {
            double target = lower + ((upper - lower) / 2);
            for (int job = 0; job < problem.JobCount; job++)
            {
                double need = jobs[job].RemainingSteps!.Value / ((target * IsolatedFinishTime(jobs[job], problem.EqualShareThroughput[job])) - jobs[job].ElapsedSeconds);
                lp.SetThroughputCoefficients(floors[job], job, 1 / need);
            }

            lp.SolveOptimal();
            if (z.SolutionValue() >= 1 - 1e-9)
            {
                double[][] fractions = lp.Fractions();
                double[] throughputs = problem.MakeFeasible(fractions);
                double reached = 0;
                for (int job = 0; job < problem.JobCount; job++)
                {
                    reached = Math.Max(reached, FinishTimeRatio(jobs[job], throughputs[job], problem.EqualShareThroughput[job]));
                }

                if (reached < upper)
                {
                    upper = reached;
                    best = fractions;
                }
                else
                {
                    upper = Math.Min(upper, target);
                }
            }
            else
            {
                lower = target;
            }
        }

        return best;
    }

    /// <summary>The validated input as arrays: job rows, device-type columns in ordinal order.</summary>
    private sealed class Problem
    {
        private Problem(string[] jobIds, string[] deviceTypes, int[] gpus, int[] scaleFactors, double[][] throughputs, bool[][] runnable)
        {
            JobIds = jobIds;
            DeviceTypes = deviceTypes;
            Gpus = gpus;
            ScaleFactors = scaleFactors;
            Throughputs = throughputs;
            Runnable = runnable;
            EqualShareThroughput = new double[jobIds.Length];
            double[][] equal = EqualShareFractions();
            for (int job = 0; job < jobIds.Length; job++)
            {
                for (int type = 0; type < deviceTypes.Length; type++)
                {
                    EqualShareThroughput[job] += equal[job][type] * throughputs[job][type];
                }
            }
        }

        public string[] JobIds { get; }

        public string[] DeviceTypes { get; }

        public int[] Gpus { get; }

        public int[] ScaleFactors { get; }

        public double[][] Throughputs { get; }

        public bool[][] Runnable { get; }

        public double[] EqualShareThroughput { get; }

        public int JobCount => JobIds.Length;

        public int TypeCount => DeviceTypes.Length;

        public static Problem Create(IReadOnlyList<ThroughputJob> jobs, IReadOnlyDictionary<string, int> gpusPerType, bool needsRemainingSteps)
        {
            ArgumentNullException.ThrowIfNull(jobs);
            ArgumentNullException.ThrowIfNull(gpusPerType);
            if (gpusPerType.Count == 0)
            {
                throw new ArgumentException("gpusPerType must name at least one device type.", nameof(gpusPerType));
            }

            string[] deviceTypes = [.. gpusPerType.Keys];
            Array.Sort(deviceTypes, StringComparer.Ordinal);
            int[] gpus = new int[deviceTypes.Length];
            for (int type = 0; type < deviceTypes.Length; type++)
            {
                gpus[type] = gpusPerType[deviceTypes[type]];
                ArgumentOutOfRangeException.ThrowIfNegative(gpus[type], $"gpusPerType[{deviceTypes[type]}]");
            }

            string[] jobIds = new string[jobs.Count];
            int[] scaleFactors = new int[jobs.Count];
            double[][] throughputs = new double[jobs.Count][];
            bool[][] runnable = new bool[jobs.Count][];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int job = 0; job < jobs.Count; job++)
            {
                ThroughputJob spec = jobs[job] ?? throw new ArgumentNullException($"jobs[{job}]");
                string name = string.Create(CultureInfo.InvariantCulture, $"jobs[{job}]");
                ArgumentNullException.ThrowIfNull(spec.Id, $"{name}.Id");
                ArgumentNullException.ThrowIfNull(spec.Throughputs, $"{name}.Throughputs");
                if (!seen.Add(spec.Id))
                {
                    throw new ArgumentException($"{name}.Id must be unique ('{spec.Id}' appears twice).", nameof(jobs));
                }

                ArgumentOutOfRangeException.ThrowIfLessThan(spec.ScaleFactor, 1, $"{name}.ScaleFactor");
                Guard.FinitePositive(spec.Weight, $"{name}.Weight");
                Guard.FiniteNonNegative(spec.ElapsedSeconds, $"{name}.ElapsedSeconds");
                Guard.FiniteNonNegative(spec.IsolatedElapsedSeconds, $"{name}.IsolatedElapsedSeconds");
                Guard.FinitePositiveOrNull(spec.RemainingSteps, $"{name}.RemainingSteps");
                if (needsRemainingSteps && spec.RemainingSteps is null)
                {
                    throw new ArgumentException($"{name}.RemainingSteps must be set for this policy (job '{spec.Id}' has none).", nameof(jobs));
                }

                foreach ((string type, double throughput) in spec.Throughputs)
                {
                    Guard.FiniteNonNegative(throughput, $"{name}.Throughputs[{type}]");
                }

                jobIds[job] = spec.Id;
                scaleFactors[job] = spec.ScaleFactor;
                throughputs[job] = new double[deviceTypes.Length];
                runnable[job] = new bool[deviceTypes.Length];
                bool any = false;
                for (int type = 0; type < deviceTypes.Length; type++)
                {
                    if (spec.Throughputs.TryGetValue(deviceTypes[type], out double throughput) && throughput > 0 && gpus[type] >= spec.ScaleFactor)
                    {
                        throughputs[job][type] = throughput;
                        runnable[job][type] = true;
                        any = true;
                    }
                }

                if (!any)
                {
                    throw new ArgumentException($"{name}.Throughputs must be positive on a device type with at least {spec.ScaleFactor} GPU(s) (job '{spec.Id}' can run nowhere).", nameof(jobs));
                }
            }

            return new Problem(jobIds, deviceTypes, gpus, scaleFactors, throughputs, runnable);
        }

        public double[][] EqualShareFractions()
        {
            double[][] fractions = new double[JobCount][];
            for (int job = 0; job < JobCount; job++)
            {
                fractions[job] = new double[TypeCount];
                double sum = 0;
                for (int type = 0; type < TypeCount; type++)
                {
                    fractions[job][type] = Runnable[job][type] ? Gpus[type] / ((double)JobCount * ScaleFactors[job]) : 0;
                    sum += fractions[job][type];
                }

                for (int type = 0; sum > 1 && type < TypeCount; type++)
                {
                    fractions[job][type] /= sum;
                }
            }

            return fractions;
        }

        // Clamps the solver's answer into [0, 1], scales down any row or column that exceeds its bound by the solver's
        // tolerance, and returns the effective throughputs.
        public double[] MakeFeasible(double[][] fractions)
        {
            for (int job = 0; job < JobCount; job++)
            {
                double sum = 0;
                for (int type = 0; type < TypeCount; type++)
                {
                    double value = Runnable[job][type] ? Math.Clamp(fractions[job][type], 0, 1) : 0;
                    fractions[job][type] = value;
                    sum += value;
                }

                if (sum > 1)
                {
                    for (int type = 0; type < TypeCount; type++)
                    {
                        fractions[job][type] /= sum;
                    }
                }
            }

            for (int type = 0; type < TypeCount; type++)
            {
                double used = 0;
                for (int job = 0; job < JobCount; job++)
                {
                    used += ScaleFactors[job] * fractions[job][type];
                }

                if (used > Gpus[type])
                {
                    double factor = Gpus[type] / used;
                    for (int job = 0; job < JobCount; job++)
                    {
                        fractions[job][type] *= factor;
                    }
                }
            }

            double[] throughputs = new double[JobCount];
            for (int job = 0; job < JobCount; job++)
            {
                for (int type = 0; type < TypeCount; type++)
                {
                    throughputs[job] += fractions[job][type] * Throughputs[job][type];
                }
            }

            return throughputs;
        }
    }

    /// <summary>A GLOP model holding X with its row and capacity constraints.</summary>
    private sealed class Lp : IDisposable
    {
        private readonly Problem problem;

        public Lp(Problem problem)
        {
            this.problem = problem;
            Solver = CreateSolver();
            Variables = new Variable?[problem.JobCount][];
            var capacity = new Constraint[problem.TypeCount];
            for (int type = 0; type < problem.TypeCount; type++)
            {
                capacity[type] = Solver.MakeConstraint(double.NegativeInfinity, problem.Gpus[type], "");
            }

            for (int job = 0; job < problem.JobCount; job++)
            {
                Constraint row = Solver.MakeConstraint(double.NegativeInfinity, 1, "");
                Variables[job] = new Variable?[problem.TypeCount];
                for (int type = 0; type < problem.TypeCount; type++)
                {
                    if (problem.Runnable[job][type])
                    {
                        Variable variable = Solver.MakeNumVar(0, 1, "");
                        Variables[job][type] = variable;
                        row.SetCoefficient(variable, 1);
                        capacity[type].SetCoefficient(variable, problem.ScaleFactors[job]);
                    }
                }
            }
        }

        public Solver Solver { get; }

        public Variable?[][] Variables { get; }

        // throughput_j(X) times a factor, as the coefficients of a constraint.
        public void SetThroughputCoefficients(Constraint constraint, int job, double factor)
        {
            for (int type = 0; type < problem.TypeCount; type++)
            {
                if (Variables[job][type] is { } variable)
                {
                    constraint.SetCoefficient(variable, problem.Throughputs[job][type] * factor);
                }
            }
        }

        public void SolveOptimal()
        {
            Solver.ResultStatus status = Solver.Solve();
            if (status == Solver.ResultStatus.ABNORMAL)
            {
                // GLOP's own row and column scaling has ended ABNORMAL on minimum makespan at 10,000 jobs (remaining
                // steps spread over three decades); the same model solves with its scaling off. Dual simplex or no
                // presolve did not help there.
                Solver.SetSolverSpecificParametersAsString("use_scaling: false");
                status = Solver.Solve();
            }

            if (status != Solver.ResultStatus.OPTIMAL)
            {
                throw new OptimizationSolverException($"GLOP ended with status {status} on a {problem.JobCount}-job, {problem.TypeCount}-type allocation, which always has a feasible optimum; report the input that caused it.");
            }
        }

        public double[][] Fractions()
        {
            double[][] fractions = new double[problem.JobCount][];
            for (int job = 0; job < problem.JobCount; job++)
            {
                fractions[job] = new double[problem.TypeCount];
                for (int type = 0; type < problem.TypeCount; type++)
                {
                    fractions[job][type] = Variables[job][type]?.SolutionValue() ?? 0;
                }
            }

            return fractions;
        }

        public void Dispose() => Solver.Dispose();

        private static Solver CreateSolver()
        {
            try
            {
                return Solver.CreateSolver("GLOP") ?? throw new OptimizationSolverException("OR-Tools was built without GLOP; use the Google.OrTools package from nuget.org.");
            }
            catch (Exception exception) when (exception is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
            {
                throw new OptimizationSolverException($"OR-Tools' native library (google-ortools-native) could not be loaded for {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}; OR-Tools ships it for linux and macOS on x64 and arm64 and win-x64: run on one of those, restored with that runtime identifier.", exception);
            }
        }
    }
}
