namespace Aios.Scheduling.Fairness;

/// <summary>
/// Dominant Resource Fairness by progressive filling (Ghodsi et al., "Dominant Resource Fairness: Fair Allocation of
/// Multiple Resource Types", NSDI 2011, Algorithm 1): repeatedly give the next task to the user with the smallest
/// (weighted) dominant share whose task still fits, until no user's next task fits.
/// </summary>
/// <remarks>
/// A user's dominant share is the largest, over resources, of its allocation divided by the capacity; with weights it is
/// divided by the user's weight. Ties go to the lower user index, so the result is deterministic. Cost: O(T·(log n + r))
/// for T tasks, n users and r resources.
/// </remarks>
public static class DominantResourceFairness
{
    /// <summary>Computes the number of tasks each user receives.</summary>
    /// <param name="capacity">The total of each resource: finite and &gt; 0.</param>
    /// <param name="demands">Each user's per-task demand vector, as long as <paramref name="capacity"/>: finite, ≥ 0, and not all 0.</param>
    /// <param name="weights">Each user's weight (finite, &gt; 0); null for equal weights.</param>
    /// <param name="maximumTasks">Each user's number of tasks (≥ 0); null for users with unlimited tasks.</param>
    /// <returns>The tasks allocated to each user, in user order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="capacity"/> or <paramref name="demands"/> is null.</exception>
    /// <exception cref="ArgumentException">A vector has the wrong length or a user demands nothing.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A capacity, demand, weight or task count is out of range.</exception>
    public static int[] Allocate(
        IReadOnlyList<double> capacity,
        IReadOnlyList<IReadOnlyList<double>> demands,
        IReadOnlyList<double>? weights = null,
        IReadOnlyList<int>? maximumTasks = null)
    {
        Validate(capacity, demands, weights, maximumTasks);
        int users = demands.Count;
        int resources = capacity.Count;
        var remaining = new double[resources];
        for (int r = 0; r < resources; r++)
        {
            remaining[r] = capacity[r];
        }

        // The dominant share one task adds, per user: max_r demand/capacity, divided by the weight.
        var step = new double[users];
        for (int u = 0; u < users; u++)
        {
            double largest = 0;
            for (int r = 0; r < resources; r++)
            {
                largest = Math.Max(largest, demands[u][r] / capacity[r]);
            }

            step[u] = largest / (weights?[u] ?? 1);
        }

        var tasks = new int[users];
        var queue = new PriorityQueue<int, (double Share, int User)>(users);
        for (int u = 0; u < users; u++)
        {
            if (maximumTasks is null || maximumTasks[u] > 0)
            {
                queue.Enqueue(u, (0, u));
            }
        }

        while (queue.TryDequeue(out int user, out _))
        {
            IReadOnlyList<double> demand = demands[user];
            if (!Fits(demand, remaining))
            {
                // Resources only shrink, so a user whose next task does not fit never will: it leaves the queue.
                continue;
            }

            for (int r = 0; r < resources; r++)
            {
                remaining[r] -= demand[r];
            }

            tasks[user]++;
            if (maximumTasks is null || tasks[user] < maximumTasks[user])
            {
                queue.Enqueue(user, (tasks[user] * step[user], user));
            }
        }

        return tasks;
    }

    /// <summary>The dominant share of an allocation: the largest, over resources, of allocation divided by capacity.</summary>
    /// <param name="capacity">The total of each resource: finite and &gt; 0.</param>
    /// <param name="allocation">The allocated amount of each resource: finite and ≥ 0, as long as <paramref name="capacity"/>.</param>
    /// <returns>The dominant share, ≥ 0.</returns>
    /// <exception cref="ArgumentException">The vectors differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An entry is out of range.</exception>
    public static double DominantShare(IReadOnlyList<double> capacity, IReadOnlyList<double> allocation)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(allocation);
        ValidateCapacity(capacity);
        if (allocation.Count != capacity.Count)
        {
            throw new ArgumentException($"allocation has {allocation.Count} entries for {capacity.Count} resources.", nameof(allocation));
        }

        double share = 0;
        for (int r = 0; r < capacity.Count; r++)
        {
            double amount = allocation[r];
            if (!(amount >= 0) || double.IsPositiveInfinity(amount))
            {
                throw new ArgumentOutOfRangeException(nameof(allocation), amount, $"allocation[{r}] must be a finite number >= 0.");
            }

            share = Math.Max(share, amount / capacity[r]);
        }

        return share;
    }

    private static bool Fits(IReadOnlyList<double> demand, double[] remaining)
    {
        for (int r = 0; r < remaining.Length; r++)
        {
            // A relative slack absorbs the rounding of repeated subtraction (e.g. ten tasks of 0.1 in a capacity of 1).
            if (demand[r] > remaining[r] + 1e-12 * demand[r])
            {
                return false;
            }
        }

        return true;
    }

    private static void ValidateCapacity(IReadOnlyList<double> capacity)
    {
        if (capacity.Count == 0)
        {
            throw new ArgumentException("capacity must list at least one resource.", nameof(capacity));
        }

        for (int r = 0; r < capacity.Count; r++)
        {
            if (!(capacity[r] > 0) || double.IsPositiveInfinity(capacity[r]))
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity[r], $"capacity[{r}] must be a finite number > 0.");
            }
        }
    }

    private static void Validate(IReadOnlyList<double> capacity, IReadOnlyList<IReadOnlyList<double>> demands, IReadOnlyList<double>? weights, IReadOnlyList<int>? maximumTasks)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(demands);
        ValidateCapacity(capacity);
        for (int u = 0; u < demands.Count; u++)
        {
            IReadOnlyList<double> demand = demands[u] ?? throw new ArgumentNullException(nameof(demands), $"demands[{u}] is null.");
            if (demand.Count != capacity.Count)
            {
                throw new ArgumentException($"demands[{u}] has {demand.Count} entries for {capacity.Count} resources.", nameof(demands));
            }

            bool any = false;
            for (int r = 0; r < demand.Count; r++)
            {
                if (!(demand[r] >= 0) || double.IsPositiveInfinity(demand[r]))
                {
                    throw new ArgumentOutOfRangeException(nameof(demands), demand[r], $"demands[{u}][{r}] must be a finite number >= 0.");
                }

                any |= demand[r] > 0;
            }

            if (!any)
            {
                throw new ArgumentException($"demands[{u}] demands no resource, so it could take unboundedly many tasks.", nameof(demands));
            }
        }

        if (weights is not null)
        {
            if (weights.Count != demands.Count)
            {
                throw new ArgumentException($"weights has {weights.Count} entries for {demands.Count} users.", nameof(weights));
            }

            for (int u = 0; u < weights.Count; u++)
            {
                if (!(weights[u] > 0) || double.IsPositiveInfinity(weights[u]))
                {
                    throw new ArgumentOutOfRangeException(nameof(weights), weights[u], $"weights[{u}] must be a finite number > 0.");
                }
            }
        }

        if (maximumTasks is not null)
        {
            if (maximumTasks.Count != demands.Count)
            {
                throw new ArgumentException($"maximumTasks has {maximumTasks.Count} entries for {demands.Count} users.", nameof(maximumTasks));
            }

            for (int u = 0; u < maximumTasks.Count; u++)
            {
                if (maximumTasks[u] < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(maximumTasks), maximumTasks[u], $"maximumTasks[{u}] must be >= 0.");
                }
            }
        }
    }
}
