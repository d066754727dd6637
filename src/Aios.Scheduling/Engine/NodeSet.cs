namespace Aios.Scheduling.Engine;

/// <summary>
/// The nodes a job may be placed on (<see cref="Model.ReplicaRequest.Nodes"/>), resolved to node indices against one
/// version of the cluster: a flag per node for the placement search and the indices, ascending, for the walks over them.
/// Names the cluster does not have are left out; a node added, removed or renamed later changes the cluster's version,
/// and the scheduler resolves the set again.
/// </summary>
internal sealed class NodeSet
{
    private readonly bool[] _contains;

    private NodeSet(bool[] contains, int[] nodes)
    {
        _contains = contains;
        Nodes = nodes;
    }

    /// <summary>Gets the indices of the nodes, ascending.</summary>
    public int[] Nodes { get; }

    /// <summary>Resolves <paramref name="names"/> against <paramref name="cluster"/> as it is now.</summary>
    public static NodeSet Resolve(IReadOnlyList<string> names, ClusterState cluster)
    {
        var contains = new bool[cluster.Nodes.Count];
        int count = 0;
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] is { } name && cluster.TryGetNode(name, out int node) && !contains[node])
            {
                contains[node] = true;
                count++;
            }
        }

        var nodes = new int[count];
        for (int node = 0, next = 0; node < contains.Length; node++)
        {
            if (contains[node])
            {
                nodes[next++] = node;
            }
        }

        return new NodeSet(contains, nodes);
    }

    /// <summary>Whether <paramref name="node"/> is in the set.</summary>
    public bool Contains(int node) => (uint)node < (uint)_contains.Length && _contains[node];

    /// <summary>Whether a job restricted to <paramref name="nodes"/> (null: any node) may be placed on <paramref name="node"/>.</summary>
    public static bool Allows(NodeSet? nodes, int node) => nodes is null || nodes.Contains(node);

    /// <summary>Whether every node of this set is in <paramref name="other"/> (null: every node).</summary>
    public bool IsSubsetOf(NodeSet? other)
    {
        if (other is null)
        {
            return true;
        }

        foreach (int node in Nodes)
        {
            if (!other.Contains(node))
            {
                return false;
            }
        }

        return true;
    }
}
