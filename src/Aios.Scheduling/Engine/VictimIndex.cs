namespace Aios.Scheduling.Engine;

/// <summary>
/// Min-trees over the nodes for the victim search of one-replica preemption, one pair per replica size g (1 up to the
/// largest pool, at most <see cref="MaxLevels"/>). For node n, <c>Single[g]</c> holds the lowest priority of a possible
/// victim whose preemption alone leaves g devices free on one of n's pools, and <c>All[g]</c> the lowest priority P such
/// that the possible victims of priority up to P together do; <see cref="long.MaxValue"/> where there is none. A job
/// of priority p that needs victims of lower priority (p = <see cref="long.MaxValue"/> when any will do) can only make
/// room with one victim on nodes where <c>Single[g] &lt; p</c>, and at all where <c>All[g] &lt; p</c>: the search visits
/// those, in node order, and skips the rest without looking at their jobs. CPU, memory, device types and the job's
/// node set are not in the trees; the search checks each node it visits exactly, so no decision changes.
/// </summary>
internal sealed class VictimIndex
{
    /// <summary>The largest replica size with trees of its own; larger ones use the trees of this size (a weaker, still necessary, condition).</summary>
    public const int MaxLevels = 16;

    private int _leaves = 1;
    private long[][] _single = [];
    private long[][] _all = [];

    /// <summary>Gets the replica sizes with trees (1 to this).</summary>
    public int Levels => _single.Length;

    /// <summary>Drops every tree and sizes them for <paramref name="nodes"/> nodes and replicas of up to <paramref name="levels"/> devices; every node reads "none" until set.</summary>
    public void Reset(int nodes, int levels)
    {
        _leaves = 1;
        while (_leaves < nodes)
        {
            _leaves *= 2;
        }

        levels = Math.Clamp(levels, 1, MaxLevels);
        _single = new long[levels][];
        _all = new long[levels][];
        for (int g = 0; g < levels; g++)
        {
            _single[g] = new long[2 * _leaves];
            _all[g] = new long[2 * _leaves];
            Array.Fill(_single[g], long.MaxValue);
            Array.Fill(_all[g], long.MaxValue);
        }
    }

    /// <summary>Gets the number of nodes the trees hold.</summary>
    public int Capacity => _leaves;

    /// <summary>Sets node <paramref name="node"/>'s thresholds for replicas of 1 to <see cref="Levels"/> devices.</summary>
    public void Set(int node, ReadOnlySpan<long> single, ReadOnlySpan<long> all)
    {
        for (int g = 0; g < _single.Length; g++)
        {
            Update(_single[g], node, single[g]);
            Update(_all[g], node, all[g]);
        }
    }

    /// <summary>Gets node <paramref name="node"/>'s thresholds for replicas of <paramref name="devices"/> devices (for the invariants).</summary>
    public (long Single, long All) Get(int node, int devices)
    {
        int g = Level(devices);
        return (_single[g][_leaves + node], _all[g][_leaves + node]);
    }

    /// <summary>Whether node <paramref name="node"/> may make room for <paramref name="devices"/> devices with victims of priority below <paramref name="priorityBelow"/>.</summary>
    public bool MayMakeRoom(int node, long priorityBelow, int devices) => _all[Level(devices)][_leaves + node] < priorityBelow;

    /// <summary>The first node at or after <paramref name="from"/> that may make room (one victim only with <paramref name="single"/>); −1 when none.</summary>
    public int Next(int from, long priorityBelow, int devices, bool single)
    {
        long[] tree = (single ? _single : _all)[Level(devices)];
        return from >= _leaves ? -1 : Find(tree, 1, 0, _leaves, from, priorityBelow);
    }

    private int Level(int devices) => Math.Min(Math.Max(devices, 1), _single.Length) - 1;

    private int Find(long[] tree, int i, int low, int high, int from, long priorityBelow)
    {
        if (high <= from || tree[i] >= priorityBelow)
        {
            return -1;
        }

        if (i >= _leaves)
        {
            return low;
        }

        int middle = (low + high) >> 1;
        int found = Find(tree, 2 * i, low, middle, from, priorityBelow);
        return found >= 0 ? found : Find(tree, (2 * i) + 1, middle, high, from, priorityBelow);
    }

    private void Update(long[] tree, int node, long value)
    {
        int i = _leaves + node;
        if (tree[i] == value)
        {
            return;
        }

        tree[i] = value;
        for (i >>= 1; i >= 1; i >>= 1)
        {
            long lowest = Math.Min(tree[2 * i], tree[(2 * i) + 1]);
            if (tree[i] == lowest)
            {
                break;   // the ancestors above already agree
            }

            tree[i] = lowest;
        }
    }
}
