using Aios.Serving.Autoscaling;
using Aios.Serving.Planning;

namespace Aios.Serving.Simulation;

/// <summary>The event loop of <see cref="ServingReplay"/>: one instance per run.</summary>
internal sealed class ReplayEngine
{
    private readonly ServingRequest[] _requests;
    private readonly string _traceName;
    private readonly ReplicaProfile _profile;
    private readonly ReplayOptions _options;
    private readonly Autoscaler? _autoscaler;
    private readonly int _batchLimit;
    private readonly long _kvCapacity;
    private readonly int _prefillBudget;
    private readonly double[] _wait;
    private readonly double[] _timeToFirstToken;
    private readonly double[] _endToEnd;
    private readonly int[] _queue;
    private readonly PriorityQueue<(ReplicaState Replica, int Version), double> _events = new();
    private readonly List<ReplicaState> _active = [];
    private readonly Stack<ReplicaState> _free = new();
    private readonly DeploymentMonitor _monitor;
    private readonly List<ReplayWindow> _windows = [];
    private readonly List<double> _windowTtft = new(1024);

    private int _queueHead;
    private int _queueTail;
    private int _inFlight;
    private int _ready;
    private int _pending;
    private int _busy;
    private int _rejected;
    private int _starts;
    private int _peak;
    private double _gpuSeconds;
    private double _cost;
    private int _windowArrivals;
    private int _windowMaxQueue;

    public ReplayEngine(RequestTrace trace, ReplayOptions options)
    {
        _requests = trace.Span.ToArray();
        _traceName = trace.Name;
        _options = options;
        _profile = options.Profile!;
        _autoscaler = options.Autoscaler;
        _batchLimit = Math.Min(options.BatchLimit ?? _profile.MaxBatchSize, 1 << 20);
        _kvCapacity = _profile.KvCacheTokens;
        _prefillBudget = options.PrefillTokenBudget;
        _wait = new double[_requests.Length];
        _timeToFirstToken = new double[_requests.Length];
        _endToEnd = new double[_requests.Length];
        _queue = new int[_requests.Length];
        _monitor = new DeploymentMonitor(new DeploymentMonitorOptions { MeterFactory = options.MeterFactory, DeploymentName = trace.Name });
    }

    public ReplayResult Run()
    {
        int initial = Math.Clamp(_autoscaler?.InitialReplicas ?? _options.Replicas, _options.MinReplicas, _options.MaxReplicas);
        for (int i = 0; i < initial; i++)
        {
            StartReplica(0, warm: _options.StartWarm);
        }

        UpdateMonitor(0);
        double period = _autoscaler?.PeriodSeconds ?? double.PositiveInfinity;
        double nextTick = period;
        double window = _options.WindowSeconds;
        double windowStart = 0;
        double nextWindow = window;
        int next = 0;
        double now = 0;
        while (next < _requests.Length || _inFlight > 0 || _queueHead < _queueTail)
        {
            double arrival = next < _requests.Length ? _requests[next].ArrivalTime : double.PositiveInfinity;
            double replicaEvent = PeekReplicaEvent();
            double tick = nextTick;
            double boundary = nextWindow;
            if (replicaEvent <= arrival && replicaEvent <= tick && replicaEvent <= boundary)
            {
                now = replicaEvent;
                (ReplicaState replica, _) = _events.Dequeue();
                OnReplicaEvent(replica, now);
            }
            else if (arrival <= tick && arrival <= boundary)
            {
                now = arrival;
                OnArrival(next++, now);
            }
            else if (boundary <= tick)
            {
                now = boundary;
                CloseWindow(windowStart, now);
                windowStart = now;
                nextWindow = now + window;
                continue;
            }
            else
            {
                now = tick;
                nextTick = now + period;
                OnTick(now);
            }

            UpdateMonitor(now);
        }

        double end = Math.Max(now, _requests.Length > 0 ? _requests[^1].ArrivalTime : 0);
        if (end > windowStart || _windows.Count == 0)
        {
            CloseWindow(windowStart, Math.Max(end, windowStart));
        }

        for (int i = _active.Count - 1; i >= 0; i--)
        {
            Release(_active[i], end);
        }

        return new ReplayResult(_traceName, _autoscaler?.Name ?? "static", _profile, _batchLimit, _wait, _timeToFirstToken, _endToEnd, [.. _windows])
        {
            Rejected = _rejected,
            EndTime = end,
            GpuHours = _gpuSeconds / 3600,
            Cost = _cost / 3600,
            ReplicaStarts = _starts,
            PeakReplicas = _peak,
        };
    }

    private double PeekReplicaEvent()
    {
        while (_events.TryPeek(out (ReplicaState Replica, int Version) entry, out double time))
        {
            if (entry.Version == entry.Replica.Version && entry.Replica.Phase != ReplicaPhase.Stopped)
            {
                return time;
            }

            _events.Dequeue();
        }

        return double.PositiveInfinity;
    }

    private void OnArrival(int index, double now)
    {
        ServingRequest request = _requests[index];
        _monitor.RecordArrivalAt(now);
        _windowArrivals++;
        if (request.PromptTokens + (long)request.OutputTokens > _kvCapacity)
        {
            _rejected++;
            _wait[index] = _timeToFirstToken[index] = _endToEnd[index] = double.PositiveInfinity;
            return;
        }

        _queue[_queueTail++] = index;
        _windowMaxQueue = Math.Max(_windowMaxQueue, _queueTail - _queueHead);
        for (int i = 0; i < _active.Count && _queueHead < _queueTail; i++)
        {
            ReplicaState replica = _active[i];
            if (replica.Phase == ReplicaPhase.Ready && !replica.Busy && !replica.Draining)
            {
                StartIteration(replica, now);
            }
        }
    }

    private void OnReplicaEvent(ReplicaState replica, double now)
    {
        if (replica.Phase == ReplicaPhase.Pending)
        {
            replica.Phase = ReplicaPhase.Ready;
            _pending--;
            _ready++;
            StartIteration(replica, now);
            return;
        }

        FinishIteration(replica, now);
        if (replica.Draining && replica.Count == 0)
        {
            Release(replica, now);
        }
        else
        {
            StartIteration(replica, now);
        }
    }

    private void FinishIteration(ReplicaState replica, double now)
    {
        replica.Busy = false;
        if (!replica.Draining)
        {
            _busy--;
        }

        int[] indices = replica.Requests;
        int[] remaining = replica.Remaining;
        for (int i = 0; i < replica.Count; i++)
        {
            int index = indices[i];
            int left = remaining[i];
            if (left < 0)
            {
                // Admitted in this iteration: its prefill produced the first token.
                double ttft = now - _requests[index].ArrivalTime;
                _timeToFirstToken[index] = ttft;
                _windowTtft.Add(ttft);
                _monitor.RecordFirstTokenCore(ttft);
                left = -left - 1;
            }
            else
            {
                left--;
            }

            if (left == 0)
            {
                double latency = now - _requests[index].ArrivalTime;
                _endToEnd[index] = latency;
                _monitor.RecordCompletionCore(latency);
                replica.KvUsed -= _requests[index].PromptTokens + (long)_requests[index].OutputTokens;
                _inFlight--;
                int last = --replica.Count;
                indices[i] = indices[last];
                remaining[i] = remaining[last];
                i--;
            }
            else
            {
                remaining[i] = left;
            }
        }
    }

    private void StartIteration(ReplicaState replica, double now)
    {
        if (replica.Busy || replica.Phase != ReplicaPhase.Ready)
        {
            return;
        }

        int decoding = replica.Count;
        double prefillTokens = 0;
        if (!replica.Draining)
        {
            while (_queueHead < _queueTail && replica.Count < _batchLimit)
            {
                int index = _queue[_queueHead];
                ServingRequest request = _requests[index];
                long need = request.PromptTokens + (long)request.OutputTokens;
                if (replica.KvUsed + need > _kvCapacity || (prefillTokens > 0 && prefillTokens + request.PromptTokens > _prefillBudget))
                {
                    break;
                }

                _queueHead++;
                replica.EnsureCapacity(replica.Count + 1);
                replica.Requests[replica.Count] = index;
                replica.Remaining[replica.Count] = -request.OutputTokens;
                replica.Count++;
                replica.KvUsed += need;
                _inFlight++;
                double wait = now - request.ArrivalTime;
                _wait[index] = wait;
                _monitor.RecordAdmissionCore(wait);
                prefillTokens += request.PromptTokens;
            }
        }

        if (replica.Count == 0)
        {
            return;
        }

        double duration = (prefillTokens > 0 ? _profile.PrefillSeconds(prefillTokens) : 0) + (decoding > 0 ? _profile.DecodeStepSeconds(decoding) : 0);
        replica.Busy = true;
        if (!replica.Draining)
        {
            _busy++;
        }

        replica.Version++;
        _events.Enqueue((replica, replica.Version), now + duration);
    }

    private void OnTick(double now)
    {
        DeploymentObservation observation = _monitor.ObserveAt(now);
        int desired = Math.Clamp(_autoscaler!.Recommend(observation), _options.MinReplicas, _options.MaxReplicas);
        double predicted = _autoscaler.PredictedWaitSeconds;
        if (!double.IsNaN(predicted))
        {
            _monitor.SetPredictedWait(predicted);
        }

        Scale(desired, now);
    }

    private void Scale(int desired, double now)
    {
        int current = _ready + _pending;
        if (desired > current)
        {
            // Revive draining replicas first: they are warm.
            for (int i = 0; i < _active.Count && current < desired; i++)
            {
                ReplicaState replica = _active[i];
                if (replica.Draining)
                {
                    replica.Draining = false;
                    _ready++;
                    if (replica.Busy)
                    {
                        _busy++;
                    }
                    else
                    {
                        StartIteration(replica, now);
                    }

                    current++;
                }
            }

            for (; current < desired; current++)
            {
                StartReplica(now, warm: false);
            }
        }
        else if (desired < current)
        {
            // Cancel the replicas still starting (the latest first), then drain the least loaded ready ones.
            while (current > desired && _pending > 0)
            {
                ReplicaState? latest = null;
                foreach (ReplicaState replica in _active)
                {
                    if (replica.Phase == ReplicaPhase.Pending && (latest is null || replica.ReadyAt > latest.ReadyAt))
                    {
                        latest = replica;
                    }
                }

                Release(latest!, now);
                current--;
            }

            while (current > desired)
            {
                ReplicaState? lightest = null;
                foreach (ReplicaState replica in _active)
                {
                    if (replica.Phase == ReplicaPhase.Ready && !replica.Draining && (lightest is null || replica.Count < lightest.Count))
                    {
                        lightest = replica;
                    }
                }

                if (lightest is null)
                {
                    break;
                }

                lightest.Draining = true;
                _ready--;
                if (lightest.Busy)
                {
                    _busy--;
                }
                else if (lightest.Count == 0)
                {
                    lightest.Draining = false;
                    _ready++;
                    Release(lightest, now);
                }

                current--;
            }
        }
    }

    private void StartReplica(double now, bool warm)
    {
        ReplicaState replica = _free.Count > 0 ? _free.Pop() : new ReplicaState();
        replica.Version++;
        replica.Count = 0;
        replica.KvUsed = 0;
        replica.Busy = false;
        replica.Draining = false;
        replica.StartRequested = now;
        _active.Add(replica);
        _starts++;
        if (warm)
        {
            replica.Phase = ReplicaPhase.Ready;
            replica.ReadyAt = now;
            _ready++;
        }
        else
        {
            replica.Phase = ReplicaPhase.Pending;
            replica.ReadyAt = now + _profile.ColdStartSeconds;
            _pending++;
            _events.Enqueue((replica, replica.Version), replica.ReadyAt);
        }

        _peak = Math.Max(_peak, _active.Count);
    }

    private void Release(ReplicaState replica, double now)
    {
        double held = now - replica.StartRequested;
        _gpuSeconds += held * _profile.GpusPerReplica;
        _cost += held * _profile.CostPerHour;
        if (replica.Phase == ReplicaPhase.Pending)
        {
            _pending--;
        }
        else if (!replica.Draining)
        {
            _ready--;
            if (replica.Busy)
            {
                _busy--;
            }
        }

        replica.Phase = ReplicaPhase.Stopped;
        replica.Version++;
        _active.Remove(replica);
        _free.Push(replica);
    }

    private void UpdateMonitor(double now) =>
        _monitor.SetStateAt(now, _queueTail - _queueHead, _inFlight, Math.Min(_busy, _ready), _ready, _pending);

    private void CloseWindow(double start, double end)
    {
        double p50 = double.NaN, p99 = double.NaN;
        if (_windowTtft.Count > 0)
        {
            Span<double> times = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_windowTtft);
            times.Sort();
            p50 = times[Math.Max(0, (int)Math.Ceiling(0.5 * times.Length) - 1)];
            p99 = times[Math.Max(0, (int)Math.Ceiling(0.99 * times.Length) - 1)];
        }

        _windows.Add(new ReplayWindow
        {
            Start = start,
            End = end,
            Arrivals = _windowArrivals,
            QueueLength = _queueTail - _queueHead,
            MaxQueueLength = Math.Max(_windowMaxQueue, _queueTail - _queueHead),
            InFlight = _inFlight,
            ReadyReplicas = _ready,
            PendingReplicas = _pending,
            P50TimeToFirstTokenSeconds = p50,
            P99TimeToFirstTokenSeconds = p99,
        });
        _windowTtft.Clear();
        _windowArrivals = 0;
        _windowMaxQueue = _queueTail - _queueHead;
    }

    private enum ReplicaPhase
    {
        Pending,
        Ready,
        Stopped,
    }

    private sealed class ReplicaState
    {
        public int[] Requests = new int[16];
        public int[] Remaining = new int[16];
        public int Count;
        public long KvUsed;
        public bool Busy;
        public bool Draining;
        public int Version;
        public ReplicaPhase Phase;
        public double StartRequested;
        public double ReadyAt;

        public void EnsureCapacity(int count)
        {
            if (count > Requests.Length)
            {
                int size = Math.Max(count, Requests.Length * 2);
                Array.Resize(ref Requests, size);
                Array.Resize(ref Remaining, size);
            }
        }
    }
}
