using Aios.Scheduling.Diagnostics;
using Aios.Scheduling.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aios.Scheduling.Engine;

/// <summary>
/// The scheduling engine: driven by events (submit, cancel, finish, node added, removed or unhealthy, tick), it answers
/// each with the decisions that follow: which jobs start and where, which are preempted, and why a new job waits.
/// </summary>
/// <remarks>
/// <para>The same inputs give the same decisions: every tie is broken by submission order and every structure is
/// ordered. Time comes from <see cref="SchedulerOptions.TimeProvider"/>; a clock that goes back is treated as standing
/// still. Every public member is safe to call from many threads (one lock; a decision pass is short).</para>
/// <para>The host carries out the decisions: a <see cref="DecisionKind.Start"/> means the resources are taken already,
/// a <see cref="DecisionKind.Preempt"/> that they are released and the job waits again with its progress kept.</para>
/// <para>Replicas asking for a share of one GPU (<see cref="ReplicaRequest.GpuMilli"/>) are packed best fit onto partly
/// used devices, never with whole-GPU replicas; a job of shares is never preempted and never preempts, and backfill
/// counts no devices released by its end (see the README's "Fractional GPUs in the engine").</para>
/// </remarks>
public sealed partial class Scheduler
{
    private readonly Lock _gate = new();
    private readonly SchedulerOptions _options;
    private readonly SchedulingPolicy _policy;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _epoch;
    private readonly ILogger _logger;
    private readonly SchedulingMetrics _metrics;
    private readonly ClusterState _cluster = new();
    private readonly Dictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JobStatus> _ended = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ShapeGroup> _groupsByShape = new(StringComparer.Ordinal);
    private readonly List<ShapeGroup> _groups = [];
    private readonly PriorityQueue<ShapeGroup, JobRecord> _cursors = new(JobOrderComparer.Instance);
    private readonly SortedSet<JobRecord> _runningByRank = new(JobOrderComparer.Instance);
    private readonly List<JobRecord> _running = [];
    private readonly Dictionary<JobRecord, int> _runningSlot = [];
    private readonly QueueNode _root;
    private readonly Dictionary<string, QueueNode> _queues = new(StringComparer.Ordinal);
    private readonly List<QueueNode> _leaves = [];
    private readonly PriorityQueue<(JobRecord Job, int Version), double> _promotions = new();
    private readonly List<AllocationEntry> _searchBuffer = [];
    private readonly List<JobRecord> _toStart = [];
    private readonly List<JobRecord> _deferred = [];
    private readonly List<JobRecord> _evicted = [];
    private readonly List<JobRecord> _candidates = [];
    private readonly List<(double End, long Gpus)> _releases = [];
    private readonly JobOrder _order;
    private readonly LeastAttainedServiceOrder? _las;
    private readonly bool _fixedRank;
    private bool _hasQuota;
    private bool _inPass;
    private long _sequence;
    private int _waitingCount;
    private int _pass;
    private double _now;
    private List<SchedulingDecision>? _output;

    /// <summary>Creates a scheduler over <paramref name="cluster"/>.</summary>
    /// <param name="cluster">The initial nodes.</param>
    /// <param name="options">
    /// The options; null for the defaults. They are copied now: later changes to the object do not reach this scheduler.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="cluster"/> is null.</exception>
    /// <exception cref="ArgumentException">The queue hierarchy names an unknown parent, repeats a name, or has a cycle.</exception>
    public Scheduler(ClusterSpec cluster, SchedulerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _options = (options ?? new SchedulerOptions()).Snapshot();
        _policy = _options.Policy;
        _time = _options.TimeProvider;
        _epoch = _time.GetUtcNow();
        _logger = _options.LoggerFactory?.CreateLogger<Scheduler>() ?? NullLogger<Scheduler>.Instance;
        _metrics = new SchedulingMetrics(_options.MeterFactory);
        _order = JobOrder.Create(_policy, _options);
        _las = _order as LeastAttainedServiceOrder;
        _fixedRank = _order.FixedRank;
        _victimOrder = new VictimOrder(_order);
        foreach (NodeSpec node in cluster.Nodes)
        {
            _cluster.AddNode(node);
        }

        _root = new QueueNode(new QueueSpec("<root>"), null, -1);
        BuildQueues(_options.Queues);
    }

    /// <summary>Gets the policy.</summary>
    public SchedulingPolicy Policy => _policy;

    /// <summary>Gets the options the scheduler runs with: its own copy, taken at construction (for tests and the simulator).</summary>
    internal SchedulerOptions Options => _options;

    /// <summary>Gets the time the scheduler counts from (its clock when it was created).</summary>
    public DateTimeOffset Epoch => _epoch;

    /// <summary>Gets the number of waiting jobs.</summary>
    public int WaitingCount
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Count - _running.Count;
            }
        }
    }

    /// <summary>Gets the number of running jobs.</summary>
    public int RunningCount
    {
        get
        {
            lock (_gate)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Gets the GPUs of healthy nodes, and how many of them jobs hold.</summary>
    public (long Allocated, long Capacity) Gpus
    {
        get
        {
            lock (_gate)
            {
                return (_cluster.CapacityGpus - _cluster.FreeGpus, _cluster.CapacityGpus);
            }
        }
    }

    /// <summary>
    /// Gets when the scheduler next wants a <see cref="Tick"/> without any other event: under least-attained-service, when
    /// a running job crosses into a lower class or a waiting job is due for promotion; null when nothing is due.
    /// </summary>
    public DateTimeOffset? NextWakeUp
    {
        get
        {
            lock (_gate)
            {
                double next = NextWakeUpSeconds();
                return double.IsFinite(next) ? _epoch + TimeSpan.FromSeconds(next) : null;
            }
        }
    }

    /// <summary>Submits a job; it starts now when the policy allows, else waits.</summary>
    /// <param name="job">The job; its id must be new to the scheduler.</param>
    /// <returns>The decisions: starts and preemptions, and a <see cref="DecisionKind.Wait"/> with the reason when the job waits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="job"/> is null.</exception>
    /// <exception cref="ArgumentException">A live job has the same id, or the job names a queue that is not a leaf.</exception>
    public IReadOnlyList<SchedulingDecision> Submit(JobSpec job)
    {
        ArgumentNullException.ThrowIfNull(job);
        lock (_gate)
        {
            BeginEvent();
            JobRecord record = Admit(job);
            RunPass();
            ReportWaiting(record);
            return EndEvent();
        }
    }

    /// <summary>Submits many jobs at the same instant and decides once.</summary>
    /// <param name="jobs">The jobs; ids new and distinct.</param>
    /// <returns>The decisions (starts and preemptions; no wait decisions).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> or one of them is null.</exception>
    /// <exception cref="ArgumentException">An id is repeated or a queue is not a leaf; the jobs before it are submitted.</exception>
    public IReadOnlyList<SchedulingDecision> SubmitMany(IEnumerable<JobSpec> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        lock (_gate)
        {
            BeginEvent();
            try
            {
                foreach (JobSpec job in jobs)
                {
                    ArgumentNullException.ThrowIfNull(job, nameof(jobs));
                    Admit(job);
                }
            }
            finally
            {
                RunPass();
            }

            return EndEvent();
        }
    }

    /// <summary>Reports that a running job finished; its resources are released and waiting jobs may start.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <returns>The decisions that follow.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobId"/> is null.</exception>
    /// <exception cref="ArgumentException">No live job has that id.</exception>
    /// <exception cref="InvalidOperationException">
    /// The job is waiting (never started, or preempted): only a running job can finish. Remove a waiting job with
    /// <see cref="Cancel"/>, or use <see cref="TryFinish"/> where the job may have been preempted meanwhile.
    /// </exception>
    public IReadOnlyList<SchedulingDecision> Finish(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        lock (_gate)
        {
            JobRecord record = LiveJob(jobId);
            if (!record.IsRunning)
            {
                throw new InvalidOperationException($"Job '{jobId}' is {record.Phase}, not Running: only a running job can finish; cancel a waiting job with Cancel.");
            }

            return End(record, JobPhase.Finished);
        }
    }

    /// <summary>
    /// Reports that a job finished if it is running: for a controller reconciling events, where the job may have been
    /// preempted, cancelled or finished by another caller meanwhile.
    /// </summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="decisions">The decisions that follow; empty when the method returns false.</param>
    /// <returns>True when the job was running and is now finished; false when no live job has that id or it is waiting (nothing changes).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobId"/> is null.</exception>
    public bool TryFinish(string jobId, out IReadOnlyList<SchedulingDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        lock (_gate)
        {
            if (_jobs.TryGetValue(jobId, out JobRecord? record) && record.IsRunning)
            {
                decisions = End(record, JobPhase.Finished);
                return true;
            }

            decisions = [];
            return false;
        }
    }

    /// <summary>Cancels a waiting or running job.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <returns>The decisions that follow.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobId"/> is null.</exception>
    /// <exception cref="ArgumentException">No live job has that id.</exception>
    public IReadOnlyList<SchedulingDecision> Cancel(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        lock (_gate)
        {
            return End(LiveJob(jobId), JobPhase.Cancelled);
        }
    }

    /// <summary>Cancels a job if it is live (waiting or running).</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="decisions">The decisions that follow; empty when the method returns false.</param>
    /// <returns>True when the job was live and is now cancelled; false when no live job has that id (nothing changes).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobId"/> is null.</exception>
    public bool TryCancel(string jobId, out IReadOnlyList<SchedulingDecision> decisions)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        lock (_gate)
        {
            if (_jobs.TryGetValue(jobId, out JobRecord? record))
            {
                decisions = End(record, JobPhase.Cancelled);
                return true;
            }

            decisions = [];
            return false;
        }
    }

    /// <summary>Adds a node; waiting jobs may start on it.</summary>
    /// <param name="node">The node; its name must be new.</param>
    /// <returns>The decisions that follow.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="node"/> is null.</exception>
    /// <exception cref="ArgumentException">A node with that name is in the cluster.</exception>
    public IReadOnlyList<SchedulingDecision> AddNode(NodeSpec node)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            BeginEvent();
            _cluster.AddNode(node);
            RunPass();
            return EndEvent();
        }
    }

    /// <summary>Removes a node: the jobs on it are preempted (whole gangs) and wait again.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <returns>The decisions: the preemptions, then what starts elsewhere.</returns>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public IReadOnlyList<SchedulingDecision> RemoveNode(string nodeName)
    {
        lock (_gate)
        {
            int node = FindNode(nodeName);
            BeginEvent();
            EvictNode(node);
            _cluster.Hide(node);
            _cluster.Remove(node);
            RunPass();
            return EndEvent();
        }
    }

    /// <summary>Marks a node healthy or unhealthy. An unhealthy node takes no jobs and the jobs on it are preempted; it stays in the cluster.</summary>
    /// <param name="nodeName">The node's name.</param>
    /// <param name="healthy">Whether it is healthy.</param>
    /// <returns>The decisions that follow.</returns>
    /// <exception cref="ArgumentException">No node has that name.</exception>
    public IReadOnlyList<SchedulingDecision> SetNodeHealth(string nodeName, bool healthy)
    {
        lock (_gate)
        {
            int node = FindNode(nodeName);
            BeginEvent();
            NodeState state = _cluster.Nodes[node];
            if (state.Healthy != healthy)
            {
                state.Healthy = healthy;
                if (healthy)
                {
                    _cluster.Show(node);
                }
                else
                {
                    EvictNode(node);
                    _cluster.Hide(node);
                }
            }

            RunPass();
            return EndEvent();
        }
    }

    /// <summary>Lets time pass: re-decides with the clock's current time (promotions, demotions, aging).</summary>
    /// <returns>The decisions that follow.</returns>
    public IReadOnlyList<SchedulingDecision> Tick()
    {
        lock (_gate)
        {
            BeginEvent();
            RunPass();
            return EndEvent();
        }
    }

    /// <summary>Gets a snapshot of a job.</summary>
    /// <param name="jobId">The job's id.</param>
    /// <param name="status">The snapshot, when the job is live (or ended and <see cref="SchedulerOptions.RetainEndedJobs"/> is set).</param>
    /// <returns>Whether the job is known.</returns>
    public bool TryGetJob(string jobId, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out JobStatus status)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        lock (_gate)
        {
            if (_jobs.TryGetValue(jobId, out JobRecord? record))
            {
                status = Snapshot(record, Seconds(_time.GetUtcNow()));
                return true;
            }

            return _ended.TryGetValue(jobId, out status);
        }
    }

    /// <summary>Gets every GPU's holder count per node: the allocated devices of each type on each node (for audits and tests).</summary>
    /// <returns>One entry per node pool: node, device type, allocated, capacity, whether the node takes jobs.</returns>
    public IReadOnlyList<(string Node, string DeviceType, int Allocated, int Capacity, bool Usable)> GetPools()
    {
        lock (_gate)
        {
            var pools = new List<(string, string, int, int, bool)>(_cluster.PoolCount);
            for (int pool = 0; pool < _cluster.PoolCount; pool++)
            {
                NodeState node = _cluster.Nodes[_cluster.PoolNode(pool)];
                if (!node.Removed)
                {
                    pools.Add((node.Spec.Name, _cluster.TypeNames[_cluster.PoolType(pool)], _cluster.PoolCapacity(pool) - _cluster.PoolFree(pool), _cluster.PoolCapacity(pool), node.Usable));
                }
            }

            return pools;
        }
    }

    /// <summary>
    /// For the simulator: when a running job reaches 100% by the progress model (its placement's rate, restart overhead
    /// included), in seconds since <see cref="Epoch"/>; +∞ when its length is unknown; false when it is not running.
    /// </summary>
    internal bool TryGetEstimatedEnd(string jobId, out double seconds)
    {
        lock (_gate)
        {
            if (_jobs.TryGetValue(jobId, out JobRecord? record) && record.IsRunning)
            {
                seconds = record.EstimatedEnd();
                return true;
            }

            seconds = double.NaN;
            return false;
        }
    }

    // ---- events -------------------------------------------------------------------------------------------------

    private void BeginEvent()
    {
        _now = Math.Max(_now, Seconds(_time.GetUtcNow()));
        _output = null;
        _pass++;
    }

    private SchedulingDecision[] EndEvent()
    {
        AssertInvariants();
        List<SchedulingDecision>? output = _output;
        _output = null;
        return output is null ? [] : [.. output];
    }

    private double Seconds(DateTimeOffset time) => (time - _epoch).TotalSeconds;

    private DateTimeOffset Time(double seconds) => _epoch + TimeSpan.FromSeconds(seconds);

    private void Emit(SchedulingDecision decision)
    {
        (_output ??= []).Add(decision);
        _metrics.Decision(decision.Kind);
    }

    private JobRecord Admit(JobSpec job)
    {
        if (_jobs.ContainsKey(job.Id))
        {
            throw new ArgumentException($"A job with id '{job.Id}' is already in the scheduler.", nameof(job));
        }

        QueueNode queue = LeafFor(job.Queue);
        var record = new JobRecord(job, _sequence++, queue, _now);
        EnsureTypes(record);
        _order.Admit(record, _cluster.CapacityGpus, _jobs.Count);
        _jobs.Add(job.Id, record);
        Enqueue(record);
        _metrics.Submitted();
        return record;
    }

    private JobRecord LiveJob(string jobId) =>
        _jobs.TryGetValue(jobId, out JobRecord? record) ? record : throw new ArgumentException($"No live job has id '{jobId}'.", nameof(jobId));

    /// <summary>Ends a live job (the caller holds the lock and checked the phase): releases or dequeues it, then decides.</summary>
    private SchedulingDecision[] End(JobRecord record, JobPhase phase)
    {
        BeginEvent();
        if (record.IsRunning)
        {
            Stop(record, release: true);
        }
        else
        {
            Dequeue(record);
        }

        record.Phase = phase;
        record.End = _now;
        _jobs.Remove(record.Spec.Id);
        if (_options.RetainEndedJobs)
        {
            _ended[record.Spec.Id] = Snapshot(record, _now);
        }

        _metrics.Ended(phase);
        RunPass();
        return EndEvent();
    }

    private void ReportWaiting(JobRecord record)
    {
        if (record.Phase != JobPhase.Waiting)
        {
            return;
        }

        if (record.Reason == WaitReason.None)
        {
            record.Reason = WaitReason.BehindBlockedJob;
        }

        Emit(new SchedulingDecision(DecisionKind.Wait, record.Spec.Id, Time(_now), [], WaitingReason(record)));
    }

    /// <summary>
    /// Why a waiting job waits, as reported: <see cref="WaitReason.ExceedsCluster"/> whenever it cannot fit even the empty
    /// cluster, wherever it stands in order. (A strict pass stops at the first blocked job, so a job behind it is not
    /// examined, and one that can never fit was reported as <see cref="WaitReason.BehindBlockedJob"/>.)
    /// </summary>
    private WaitReason WaitingReason(JobRecord record)
    {
        EnsureTypes(record);
        if (record.ExceedsCluster)
        {
            record.Reason = WaitReason.ExceedsCluster;
        }
        else if (record.Reason == WaitReason.ExceedsCluster)
        {
            // It fits since nodes were added, but no pass has examined it since: something before it is blocked.
            record.Reason = WaitReason.BehindBlockedJob;
        }

        return record.Reason;
    }

    private int FindNode(string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        return _cluster.TryGetNode(nodeName, out int node) ? node : throw new ArgumentException($"No node is named '{nodeName}'.", nameof(nodeName));
    }

    private void EvictNode(int node)
    {
        NodeState state = _cluster.Nodes[node];
        if (state.Jobs.Count == 0)
        {
            return;
        }

        JobRecord[] victims = [.. state.Jobs];
        Array.Sort(victims, static (a, b) => a.Sequence.CompareTo(b.Sequence));
        foreach (JobRecord victim in victims)
        {
            Preempt(victim, cause: null, release: true);
        }

        FlushDeferred();
    }
}
