using Google.OrTools.LinearSolver;

namespace Aios.Scheduling.Optimization;

/// <summary>
/// Gavel's space-sharing formulation of max-min fairness (Narayanan et al., OSDI 2020, §3.1 and §4.1): the allocation
/// is over job combinations — each job alone and candidate pairs sharing the same GPUs — and device types.
/// </summary>
/// <remarks>
/// <para>Variables: X[j][t] for job j alone on type t, and Y[p] for pair p on its type. Constraints: for each job, the
/// time of every combination holding it sums to at most 1; for each type, Σ scale·X + Σ scale·Y ≤ its GPUs (a pair of
/// two scale-s jobs holds s GPUs). Job j's effective throughput is Σ_t X[j][t]·T_j(t) + Σ_{p∋j} Y[p]·T_j(p), its pair
/// throughput in p. Objective: maximise the smallest effective throughput over the job's equal-share throughput
/// (without sharing), as <see cref="OptimizationPolicy.MaxMinFairness"/>.</para>
/// <para>Candidate pairs: only two jobs of the same scale factor on a type where the table knows both of their pair
/// throughputs (never a pair the table does not know), whose normalised sum (pair throughput over isolated throughput,
/// added over the two jobs) is at least <see cref="RoundSimulationOptions.PackingThreshold"/>, and of those each job's
/// <see cref="RoundSimulationOptions.MaxPartnersPerJob"/> best per type: at most about (1 + 2k)·jobs·types variables
/// instead of jobs²·types.</para>
/// </remarks>
internal static class SpaceSharingAllocator
{
    /// <summary>A job as the allocator sees it: its type in the table, its scale factor and its isolated throughputs per device type.</summary>
    internal sealed record Member(string? JobType, int ScaleFactor, double[] Isolated);

    /// <summary>One combination's allocation: indices into the members (second -1 for a single job), time fractions and rates per device type.</summary>
    internal sealed record Result(int First, int Second, double[] Fractions, double[] FirstRates, double[]? SecondRates);

    public static List<Result> Allocate(List<Member> members, ThroughputJob[] jobs, string[] types, Dictionary<string, int> gpus, RoundSimulationOptions options)
    {
        int count = members.Count;
        IReadOnlyList<double> equal = ThroughputOptimizer.EqualShare(jobs, gpus).EffectiveThroughputs;
        List<(int First, int Second, int Type, double FirstRate, double SecondRate)> pairs = CandidatePairs(members, types, gpus, options);
        using Solver solver = Solver.CreateSolver("GLOP") ?? throw new OptimizationSolverException("OR-Tools was built without GLOP; use the Google.OrTools package from nuget.org.");
        var capacity = new Constraint[types.Length];
        for (int type = 0; type < types.Length; type++)
        {
            capacity[type] = solver.MakeConstraint(double.NegativeInfinity, gpus[types[type]], "");
        }

        var rows = new Constraint[count];
        var floors = new Constraint[count];
        Variable z = solver.MakeNumVar(0, double.PositiveInfinity, "z");
        var singles = new Variable?[count][];
        for (int job = 0; job < count; job++)
        {
            rows[job] = solver.MakeConstraint(double.NegativeInfinity, 1, "");
            floors[job] = solver.MakeConstraint(0, double.PositiveInfinity, "");
            floors[job].SetCoefficient(z, -1);
            singles[job] = new Variable?[types.Length];
            for (int type = 0; type < types.Length; type++)
            {
                if (members[job].Isolated[type] > 0 && gpus[types[type]] >= members[job].ScaleFactor)
                {
                    Variable variable = solver.MakeNumVar(0, 1, "");
                    singles[job][type] = variable;
                    rows[job].SetCoefficient(variable, 1);
                    capacity[type].SetCoefficient(variable, members[job].ScaleFactor);
                    floors[job].SetCoefficient(variable, members[job].Isolated[type] / equal[job]);
                }
            }
        }

        var pairVariables = new Variable[pairs.Count];
        for (int index = 0; index < pairs.Count; index++)
        {
            (int first, int second, int type, double firstRate, double secondRate) = pairs[index];
            Variable variable = solver.MakeNumVar(0, 1, "");
            pairVariables[index] = variable;
            rows[first].SetCoefficient(variable, 1);
            rows[second].SetCoefficient(variable, 1);
            capacity[type].SetCoefficient(variable, members[first].ScaleFactor);
            floors[first].SetCoefficient(variable, firstRate / equal[first]);
            floors[second].SetCoefficient(variable, secondRate / equal[second]);
        }

        Objective objective = solver.Objective();
        objective.SetCoefficient(z, 1);
        objective.SetMaximization();
        Solver.ResultStatus status = solver.Solve();
        if (status == Solver.ResultStatus.ABNORMAL)
        {
            solver.SetSolverSpecificParametersAsString("use_scaling: false");
            status = solver.Solve();
        }

        if (status != Solver.ResultStatus.OPTIMAL)
        {
            throw new OptimizationSolverException($"GLOP ended with status {status} on a {count}-job, {pairs.Count}-pair space-sharing allocation, which always has a feasible optimum; report the input that caused it.");
        }

        var results = new List<Result>(count + pairs.Count);
        for (int job = 0; job < count; job++)
        {
            double[] fractions = new double[types.Length];
            for (int type = 0; type < types.Length; type++)
            {
                fractions[type] = Math.Clamp(singles[job][type]?.SolutionValue() ?? 0, 0, 1);
            }

            results.Add(new Result(job, -1, fractions, members[job].Isolated, null));
        }

        for (int index = 0; index < pairs.Count; index++)
        {
            double value = Math.Clamp(pairVariables[index].SolutionValue(), 0, 1);
            if (value <= 1e-6)
            {
                continue;
            }

            (int first, int second, int type, double firstRate, double secondRate) = pairs[index];
            double[] fractions = new double[types.Length];
            double[] firstRates = new double[types.Length];
            double[] secondRates = new double[types.Length];
            fractions[type] = value;
            firstRates[type] = firstRate;
            secondRates[type] = secondRate;
            results.Add(new Result(first, second, fractions, firstRates, secondRates));
        }

        return results;
    }

    internal static List<(int First, int Second, int Type, double FirstRate, double SecondRate)> CandidatePairs(List<Member> members, string[] types, Dictionary<string, int> gpus, RoundSimulationOptions options)
    {
        var chosen = new Dictionary<(int, int, int), (double, double)>();
        var partners = new List<(double Sum, int Other, double Rate, double OtherRate)>();
        for (int type = 0; type < types.Length; type++)
        {
            for (int job = 0; job < members.Count; job++)
            {
                Member member = members[job];
                if (member.JobType is null || member.Isolated[type] <= 0 || gpus[types[type]] < member.ScaleFactor)
                {
                    continue;
                }

                partners.Clear();
                for (int other = 0; other < members.Count; other++)
                {
                    Member candidate = members[other];
                    if (other == job || candidate.JobType is null || candidate.ScaleFactor != member.ScaleFactor || candidate.Isolated[type] <= 0)
                    {
                        continue;
                    }

                    if (options.Colocation!.TryGetPairThroughputs(types[type], member.JobType, member.ScaleFactor, candidate.JobType, candidate.ScaleFactor, out double rate, out double otherRate))
                    {
                        double sum = (rate / member.Isolated[type]) + (otherRate / candidate.Isolated[type]);
                        if (sum >= options.PackingThreshold)
                        {
                            partners.Add((sum, other, rate, otherRate));
                        }
                    }
                }

                partners.Sort((x, y) => y.Sum != x.Sum ? y.Sum.CompareTo(x.Sum) : x.Other.CompareTo(y.Other));
                for (int index = 0; index < Math.Min(options.MaxPartnersPerJob, partners.Count); index++)
                {
                    (_, int other, double rate, double otherRate) = partners[index];
                    (int, int, int) key = job < other ? (job, other, type) : (other, job, type);
                    chosen.TryAdd(key, job < other ? (rate, otherRate) : (otherRate, rate));
                }
            }
        }

        var list = new List<(int, int, int, double, double)>(chosen.Count);
        foreach (((int first, int second, int type), (double firstRate, double secondRate)) in chosen.OrderBy(entry => entry.Key))
        {
            list.Add((first, second, type, firstRate, secondRate));
        }

        return list;
    }
}
