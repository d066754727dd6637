using Aios.Scheduling.Model;

namespace Aios.Scheduling.Engine;

/// <summary>The arithmetic of preemption on one node: which victims make room for one replica, and what a victim holds there.</summary>
internal static class NodeVictims
{
    /// <summary>
    /// The fewest of <paramref name="victims"/> (sorted least important first) whose preemption lets one replica of
    /// <paramref name="request"/> fit on <paramref name="pool"/> of <paramref name="node"/>: least important first until
    /// it fits, then each put back when it still fits; −1 when even all do not suffice. With <paramref name="chosen"/>,
    /// lists them there. Nothing is released: it is arithmetic on the node's free resources.
    /// </summary>
    public static int Minimal(ClusterState cluster, int pool, int node, ReplicaRequest request, List<JobRecord> victims, List<JobRecord>? chosen)
    {
        NodeState state = cluster.Nodes[node];
        long devices = cluster.PoolFree(pool);
        double cpu = state.CpuFree;
        long memory = state.MemoryFree;
        int taken = 0;
        bool fits = Fits(devices, cpu, memory, request);
        while (!fits && taken < victims.Count)
        {
            JobRecord victim = victims[taken++];
            (int held, int replicas) = HeldOn(victim, pool, node);
            devices += held;
            cpu += replicas * victim.Spec.Request.CpuCores;
            memory += replicas * victim.Spec.Request.MemoryBytes;
            fits = Fits(devices, cpu, memory, request);
        }

        if (!fits)
        {
            return -1;
        }

        int count = taken;
        Span<bool> kept = taken <= 256 ? stackalloc bool[taken] : new bool[taken];
        for (int i = taken - 1; i >= 0; i--)
        {
            JobRecord victim = victims[i];
            (int held, int replicas) = HeldOn(victim, pool, node);
            long withoutDevices = devices - held;
            double withoutCpu = cpu - (replicas * victim.Spec.Request.CpuCores);
            long withoutMemory = memory - (replicas * victim.Spec.Request.MemoryBytes);
            if (Fits(withoutDevices, withoutCpu, withoutMemory, request))
            {
                kept[i] = true;
                devices = withoutDevices;
                cpu = withoutCpu;
                memory = withoutMemory;
                count--;
            }
        }

        if (chosen is not null)
        {
            for (int i = 0; i < taken; i++)
            {
                if (!kept[i])
                {
                    chosen.Add(victims[i]);
                }
            }
        }

        return count;
    }

    private static bool Fits(long devices, double cpu, long memory, ReplicaRequest request) =>
        devices >= request.Gpus && cpu + 1e-9 >= request.CpuCores && memory >= request.MemoryBytes;

    /// <summary>The devices a victim holds on the pool, and its replicas on the node (whose CPU and memory they hold).</summary>
    public static (int Devices, int Replicas) HeldOn(JobRecord victim, int pool, int node)
    {
        int devices = 0, replicas = 0;
        foreach (AllocationEntry entry in victim.Allocation)
        {
            if (entry.Pool == pool)
            {
                devices += entry.Gpus;
            }

            if (entry.Node == node)
            {
                replicas += entry.Replicas;
            }
        }

        return (devices, replicas);
    }
}
