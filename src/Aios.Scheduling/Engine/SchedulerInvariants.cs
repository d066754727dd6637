using System.Diagnostics;

namespace Aios.Scheduling.Engine;

/// <summary>Invariants checked after every public mutation in Debug builds (as System.Threading.Channels' <c>AssertInvariants</c>).</summary>
public sealed partial class Scheduler
{
    /// <summary>
    /// Checks, under the lock, that capacity used is never negative nor above total, that every running job's placement
    /// is on nodes it may use and accounted for in its pools, nodes and queues, and that the waiting structures hold
    /// exactly the waiting jobs.
    /// </summary>
    [Conditional("DEBUG")]
    private void AssertInvariants()
    {
        Debug.Assert(_gate.IsHeldByCurrentThread, "Invariants are checked under the lock.");
        Debug.Assert(!_inPass && _deferred.Count == 0, "No pass is running and no victim is held back after an event.");
        _cluster.AssertInvariants();

        var held = new long[_cluster.PoolCount];
        var cpu = new double[_cluster.Nodes.Count];
        var memory = new long[_cluster.Nodes.Count];
        long allocated = 0;
        long sharedJobsGpus = 0;
        var shares = new Dictionary<(int Pool, int Device), int>();
        for (int slot = 0; slot < _running.Count; slot++)
        {
            JobRecord job = _running[slot];
            Debug.Assert(job.IsRunning && _runningSlot[job] == slot, $"Running job {job.Spec.Id} is in its slot.");
            Debug.Assert(_jobs.TryGetValue(job.Spec.Id, out JobRecord? live) && ReferenceEquals(live, job), $"Running job {job.Spec.Id} is live.");
            long gpus = 0;
            int replicas = 0;
            foreach (AllocationEntry entry in job.Allocation)
            {
                NodeState node = _cluster.Nodes[entry.Node];
                Debug.Assert(node.Usable && node.Jobs.Contains(job), $"Job {job.Spec.Id} holds resources on usable node {node.Spec.Name}, which lists it.");
                Debug.Assert(NodeListed(job.Spec.Request, node.Spec.Name), $"Job {job.Spec.Id} holds resources on node {node.Spec.Name}, one of its request's nodes.");
                if (entry.Pool >= 0)
                {
                    Debug.Assert(_cluster.PoolNode(entry.Pool) == entry.Node, $"Job {job.Spec.Id}'s pool is on its node.");
                    Debug.Assert(entry.IsShared == job.Spec.Request.IsFractional, $"Job {job.Spec.Id}'s entries share devices exactly when it asks for shares.");
                    if (entry.IsShared)
                    {
                        shares[(entry.Pool, entry.Device)] = shares.GetValueOrDefault((entry.Pool, entry.Device)) + (entry.Replicas * job.Spec.Request.GpuMilli);
                    }
                    else
                    {
                        held[entry.Pool] += entry.Gpus;
                    }
                }

                cpu[entry.Node] += entry.Replicas * job.Spec.Request.CpuCores;
                memory[entry.Node] += entry.Replicas * job.Spec.Request.MemoryBytes;
                gpus += entry.IsShared ? entry.Replicas : entry.Gpus;   // quotas count a share as one GPU
                replicas += entry.Replicas;
            }

            Debug.Assert(gpus == job.AllocatedGpus && replicas == job.PlacedReplicas, $"Job {job.Spec.Id}'s placement adds up to its allocation.");
            Debug.Assert(replicas >= job.MinimumReplicas && replicas <= job.Spec.Replicas, $"Job {job.Spec.Id} runs with a permitted number of replicas.");
            allocated += gpus;
            sharedJobsGpus += job.Spec.Request.IsFractional ? gpus : 0;
        }

        Debug.Assert(_runningSlot.Count == _running.Count, "Every running slot belongs to a running job.");
        Debug.Assert(_runningByRank.Count == (_fixedRank ? _running.Count : 0), "Running jobs sorted by rank are the running jobs.");
        for (int pool = 0; pool < _cluster.PoolCount; pool++)
        {
            IReadOnlyList<SharedDevice> devices = _cluster.SharedDevices(pool);
            Debug.Assert(_cluster.PoolCapacity(pool) - _cluster.PoolFree(pool) == held[pool] + devices.Count, $"Pool {pool}'s used devices are the running jobs' whole devices and the partly used ones on it.");
            foreach (SharedDevice device in devices)
            {
                Debug.Assert(shares.Remove((pool, device.Index), out int milli) && milli == device.UsedMilli, $"Pool {pool}'s device {device.Index} holds the shares of the running jobs on it.");
            }
        }

        for (int node = 0; node < _cluster.Nodes.Count; node++)
        {
            NodeState state = _cluster.Nodes[node];
            Debug.Assert(Math.Abs(state.Spec.CpuCores - state.CpuFree - cpu[node]) <= 1e-6 * Math.Max(1, state.Spec.CpuCores), $"Node {state.Spec.Name}'s used CPU is its jobs' CPU.");
            Debug.Assert(state.Spec.MemoryBytes - state.MemoryFree == memory[node], $"Node {state.Spec.Name}'s used memory is its jobs' memory.");
            foreach (JobRecord job in state.Jobs)
            {
                Debug.Assert(job.IsRunning && _runningSlot.ContainsKey(job), $"Node {state.Spec.Name} lists only running jobs.");
                Debug.Assert(state.Victims.Contains(job) == (job.Spec.Preemptible && !job.Spec.Request.IsFractional), $"Node {state.Spec.Name} lists job {job.Spec.Id} among its possible victims exactly when it is preemptible and of whole devices.");
            }

            Debug.Assert(state.Victims.IsSubsetOf(state.Jobs), $"Node {state.Spec.Name}'s possible victims are among its jobs.");
            Debug.Assert(_cluster.VictimIndexAgrees(node), $"The victim index agrees with node {state.Spec.Name}'s possible victims and free devices.");
        }

        Debug.Assert(shares.Count == 0, "Every running job's share is on a partly used device.");
        Debug.Assert(_root.UsedGpus == allocated, "Queues count the running jobs' GPUs (a share as one).");
        long sharedDevices = 0;
        for (int pool = 0; pool < _cluster.PoolCount; pool++)
        {
            sharedDevices += _cluster.Nodes[_cluster.PoolNode(pool)].Usable ? _cluster.SharedDevices(pool).Count : 0;
        }

        Debug.Assert(_cluster.CapacityGpus - _cluster.FreeGpus == allocated - sharedJobsGpus + sharedDevices, "The cluster counts the running jobs' whole devices and the partly used ones.");
        Debug.Assert(_waitingCount == _jobs.Count - _running.Count && _root.WaitingBelow == _waitingCount, "Every live job not running waits in exactly one queue.");
        foreach (JobRecord job in _jobs.Values)
        {
            if (!job.IsRunning)
            {
                Debug.Assert(job.Phase == JobPhase.Waiting, $"Live job {job.Spec.Id} runs or waits.");
                SortedSet<JobRecord>? waiting = _order.ByQueue ? job.Queue.Waiting : job.Group?.Waiting;
                Debug.Assert(waiting is not null && waiting.Contains(job), $"Waiting job {job.Spec.Id} is in its waiting set.");
            }
        }

        foreach (QueueNode queue in _queues.Values)
        {
            Debug.Assert(queue.UsedGpus >= 0 && queue.UsedCpu >= -1e-6 && queue.UsedMemory >= 0 && queue.WaitingBelow >= 0, $"Queue {queue.Spec.Name}'s usage is not negative.");
        }
    }
}
