using System.Diagnostics.CodeAnalysis;

namespace Aios.Scheduling.Optimization;

/// <summary>The policies <see cref="RoundSimulator"/> runs; <see cref="RoundPolicies"/> gives their names.</summary>
public enum RoundPolicy
{
    /// <summary><c>gavel-las</c>: heterogeneity-aware max-min fairness (Gavel's LAS), <see cref="OptimizationPolicy.MaxMinFairness"/>.</summary>
    GavelLas,

    /// <summary>
    /// <c>gavel-las-agnostic</c>: the same linear program with every job's throughput 1 on every type it can run on —
    /// Gavel's heterogeneity-agnostic baseline "LAS"; jobs still progress at their real throughput on the type they get.
    /// </summary>
    GavelLasAgnostic,

    /// <summary><c>gavel-ftf</c>: <see cref="OptimizationPolicy.FinishTimeFairness"/>.</summary>
    GavelFinishTimeFairness,

    /// <summary><c>gavel-makespan</c>: <see cref="OptimizationPolicy.MinimumMakespan"/>.</summary>
    GavelMakespan,

    /// <summary><c>gavel-throughput</c>: <see cref="OptimizationPolicy.MaximumTotalThroughput"/>.</summary>
    GavelThroughput,

    /// <summary>
    /// <c>gavel-las-ss</c>: heterogeneity-aware max-min fairness over job combinations, single jobs and pairs sharing
    /// the same GPUs (Gavel's space sharing, §3.1); needs <see cref="RoundSimulationOptions.Colocation"/>.
    /// </summary>
    GavelLasSpaceSharing,

    /// <summary><c>las</c>: least attained service (GPU-seconds) first, no linear program, no sharing.</summary>
    Las,

    /// <summary><c>srtf</c>: shortest remaining time (remaining steps at the job's best isolated throughput) first, no sharing.</summary>
    Srtf,

    /// <summary>
    /// <c>srtf-packed</c>: <see cref="Srtf"/>, then each job left waiting is paired with a running job of the same scale
    /// factor when their normalised pair throughputs add up to at least <see cref="RoundSimulationOptions.PackingThreshold"/>
    /// (Gandiva's and Muri's packing, greedily); needs <see cref="RoundSimulationOptions.Colocation"/>.
    /// </summary>
    SrtfPacked,
}

/// <summary>The names of <see cref="RoundPolicy"/> values, as <c>aios simulate --policy</c> takes them.</summary>
public static class RoundPolicies
{
    private static readonly string[] NameList =
        ["gavel-las", "gavel-las-agnostic", "gavel-ftf", "gavel-makespan", "gavel-throughput", "gavel-las-ss", "las", "srtf", "srtf-packed"];

    /// <summary>Gets every policy's name, in the order of <see cref="RoundPolicy"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(NameList);

    /// <summary>Gets a policy's name.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>Its name, e.g. "gavel-las".</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is undefined.</exception>
    public static string Name(RoundPolicy policy)
    {
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "Must be a defined RoundPolicy.");
        }

        return NameList[(int)policy];
    }

    /// <summary>Parses a policy name (case-insensitive).</summary>
    /// <param name="name">The name.</param>
    /// <param name="policy">The policy when the name is known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out RoundPolicy policy)
    {
        for (int index = 0; index < NameList.Length; index++)
        {
            if (string.Equals(NameList[index], name, StringComparison.OrdinalIgnoreCase))
            {
                policy = (RoundPolicy)index;
                return true;
            }
        }

        policy = default;
        return false;
    }
}
