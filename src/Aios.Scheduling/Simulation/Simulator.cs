using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Simulation;

/// <summary>
/// A discrete-event simulator with the real <see cref="Scheduler"/> in the loop: jobs arrive at their submit times,
/// the scheduler decides, and each running job finishes when the scheduler's progress model says it reaches 100%.
/// </summary>
/// <remarks>
/// <para>Events are arrivals (pulled lazily, one at a time, from the job source; jobs submitted at the same instant
/// are submitted together), finishes (from <c>Scheduler.TryGetEstimatedEnd</c> after each start, invalidated by a
/// preemption) and ticks at <see cref="Scheduler.NextWakeUp"/>. They run in time order; at one instant, finishes
/// come before arrivals and arrivals before ticks. Time is kept in 100 ns ticks, so event order is exact.</para>
/// <para>Memory follows the jobs in the system, not the trace: finished jobs are dropped (only their completion times
/// are kept for the percentiles). A job that can never start does not hang the run: it ends when no event is left, and
/// such jobs count as not completed. A scheduler that asks for a tick at the same instant again is ticked 1 ms later.</para>
/// </remarks>
public sealed class Simulator
{
    private readonly SimulationOptions _options;

    /// <summary>Creates a simulator of <paramref name="cluster"/>.</summary>
    /// <param name="cluster">The cluster.</param>
    /// <param name="options">The options; null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the exception names it.</exception>
    public Simulator(ClusterSpec cluster, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        Cluster = cluster;
        _options = (options ?? new SimulationOptions()).Snapshot();
    }

    /// <summary>Gets the cluster.</summary>
    public ClusterSpec Cluster { get; }

    /// <summary>Gets a copy of the options the simulator was created with; changing it has no effect on the simulator.</summary>
    public SimulationOptions Options => _options.Snapshot();

    /// <summary>Runs a simulation.</summary>
    /// <param name="jobs">The jobs, sorted by submit time (see <see cref="SortBySubmitTime(IEnumerable{SimulationJob})"/>); enumerated once, lazily.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>The figures of the run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">The jobs are not sorted by submit time (the message names the first job out of order), or two live jobs share an id.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The scheduler kept asking for ticks without making progress.</exception>
    public SimulationResult Run(IEnumerable<SimulationJob> jobs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return new SimulationRun(Cluster, _options).Run(jobs, cancellationToken);
    }

    /// <summary>Sorts jobs by submit time, keeping the given order among jobs submitted at the same time (a stable sort).</summary>
    /// <param name="jobs">The jobs.</param>
    /// <returns>A new sorted list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> is null.</exception>
    public static List<SimulationJob> SortBySubmitTime(IEnumerable<SimulationJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = new List<SimulationJob>(jobs);
        return StableSort(list, static job => job.SubmitTime);
    }

    /// <summary>Sorts trace jobs by submit time, keeping file order among jobs submitted at the same time (a stable sort).</summary>
    /// <param name="jobs">The trace jobs.</param>
    /// <returns>A new sorted list.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> is null.</exception>
    public static List<TraceJob> SortBySubmitTime(IEnumerable<TraceJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = new List<TraceJob>(jobs);
        return StableSort(list, static job => job.SubmitTime);
    }

    private static List<T> StableSort<T>(List<T> list, Func<T, double> key)
    {
        var keys = new (double Time, int Position)[list.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = (key(list[i]), i);
        }

        T[] items = [.. list];
        Array.Sort(keys, items);
        return [.. items];
    }
}
