namespace Aios.Queueing.Simulation;

/// <summary>
/// One run of the event loop. The state lives in arrays sized once from the options; events are structs in a
/// binary heap keyed by time, and jobs are structs in ring buffers, so the loop allocates only when a queue or
/// the heap grows.
/// </summary>
internal sealed class SimulationEngine
{
    private const int CancellationCheckInterval = 4096;

    private readonly int _servers;
    private readonly int _capacity;
    private readonly int _classCount;
    private readonly QueueSimulationDiscipline _discipline;
    private readonly ServiceDistribution[] _interarrival;
    private readonly ServiceDistribution[] _service;
    private readonly Random[] _streams;
    private readonly long _warmupJobs;
    private readonly double _warmupTime;
    private readonly long _jobs;
    private readonly double _duration;
    private readonly bool _byTime;
    private readonly int _batches;
    private readonly double _confidenceLevel;

    private readonly PriorityQueue<SimulationEvent, double> _events;
    private readonly JobDeque[] _queues;
    private readonly SimulationJob[] _inService;
    private readonly double[] _serviceStart;
    private readonly int[] _serverVersion;
    private readonly int[] _idleServers;
    private int _idleCount;
    private int _inSystem;
    private readonly int[] _classInSystem;
    private readonly int[] _classWaiting;
    private readonly int[] _classBusy;

    private bool _currentOnTop;
    private bool _measuring;
    private bool _finished;
    private double _clock;
    private double _measurementStart;
    private double _batchStart;
    private double _nextBoundaryTime;
    private long _nextBoundaryJobs;
    private long _warmupCompletions;
    private long _measuredCompletions;
    private int _batch;
    private readonly double[] _lastChange;
    private readonly BatchTotals[] _current;
    private readonly BatchTotals[] _totals;
    private readonly double[] _durations;

    public SimulationEngine(QueueSimulationOptions options)
    {
        _servers = options.Servers;
        _capacity = options.Capacity;
        _classCount = options.Classes.Count;
        _discipline = options.Discipline;
        _warmupJobs = options.WarmupJobs;
        _warmupTime = options.WarmupTime;
        _byTime = options.Duration.HasValue;
        _duration = options.Duration.GetValueOrDefault();
        _jobs = options.Jobs;
        _batches = options.Batches;
        _confidenceLevel = options.ConfidenceLevel;

        _interarrival = new ServiceDistribution[_classCount];
        _service = new ServiceDistribution[_classCount];
        _streams = new Random[_classCount];
        for (int k = 0; k < _classCount; k++)
        {
            QueueSimulationClass jobClass = options.Classes[k];
            _interarrival[k] = jobClass.Interarrival;
            _service[k] = jobClass.Service;
            _streams[k] = new Random(StreamSeed(options.Seed, k));
        }

        _events = new PriorityQueue<SimulationEvent, double>(_classCount + Math.Min(_servers, 1 << 16));
        int queueCount = _discipline == QueueSimulationDiscipline.Fcfs ? 1 : _classCount;
        _queues = new JobDeque[queueCount];
        for (int q = 0; q < queueCount; q++)
        {
            _queues[q] = new JobDeque();
        }

        _inService = new SimulationJob[_servers];
        _serviceStart = new double[_servers];
        _serverVersion = new int[_servers];
        _idleServers = new int[_servers];
        // Popping from the end hands out server 0 first.
        for (int s = 0; s < _servers; s++)
        {
            _idleServers[s] = _servers - 1 - s;
        }

        _idleCount = _servers;
        _classInSystem = new int[_classCount];
        _classWaiting = new int[_classCount];
        _classBusy = new int[_classCount];
        _lastChange = new double[_classCount];
        _current = new BatchTotals[_classCount];
        _totals = new BatchTotals[_batches * _classCount];
        _durations = new double[_batches];
    }

    /// <summary>
    /// The seed of class <paramref name="jobClass"/>'s stream: the SplitMix64 finalizer (Steele, Lea and Flood,
    /// "Fast splittable pseudorandom number generators", OOPSLA 2014) of the run seed and the class index, so
    /// that neighbouring seeds and classes give unrelated streams.
    /// </summary>
    private static int StreamSeed(int seed, int jobClass)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)jobClass) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & int.MaxValue);
    }

    public QueueSimulationResult Run(CancellationToken cancellationToken)
    {
        for (int k = 0; k < _classCount; k++)
        {
            Schedule(SimulationEvent.Arrival(k), _interarrival[k].Draw(_streams[k]));
        }

        long processed = 0;
        while (!_finished)
        {
            if (++processed % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Every class always has its next arrival scheduled, so the heap is never empty. The event stays at
            // the top while it is handled, so that the first event it schedules can replace it in one sift.
            _events.TryPeek(out SimulationEvent next, out double time);
            _currentOnTop = true;
            if (!_measuring && _warmupCompletions >= _warmupJobs && time >= _warmupTime)
            {
                // Nothing changes between events, so measurement may begin at the warm-up time itself.
                BeginMeasurement(Math.Max(_clock, _warmupTime));
            }

            if (_measuring && _byTime)
            {
                while (!_finished && time >= _nextBoundaryTime)
                {
                    CloseBatch(_nextBoundaryTime);
                }

                if (_finished)
                {
                    break;
                }
            }

            _clock = time;
            if (next.IsArrival)
            {
                Arrive(~next.Target, time);
            }
            else if (next.Version == _serverVersion[next.Target])
            {
                Depart(next.Target, time);
            }

            if (_currentOnTop)
            {
                _events.Dequeue();
            }
        }

        return Summarize();
    }

    /// <summary>
    /// Adds an event to the heap. The first event scheduled while handling another replaces it at the top
    /// (<see cref="PriorityQueue{TElement, TPriority}.DequeueEnqueue"/>: one sift instead of two).
    /// </summary>
    private void Schedule(SimulationEvent scheduled, double time)
    {
        if (_currentOnTop)
        {
            _currentOnTop = false;
            _events.DequeueEnqueue(scheduled, time);
        }
        else
        {
            _events.Enqueue(scheduled, time);
        }
    }

    private void BeginMeasurement(double start)
    {
        _measuring = true;
        _measurementStart = start;
        _batchStart = start;
        Array.Fill(_lastChange, start);
        Array.Clear(_current);
        SetNextBoundary();
    }

    private void SetNextBoundary()
    {
        int end = _batch + 1;
        if (_byTime)
        {
            _nextBoundaryTime = end == _batches ? _measurementStart + _duration : _measurementStart + _duration * end / _batches;
        }
        else
        {
            // Batch b ends at completion ⌊(b + 1)·Jobs/B⌋; Jobs ≥ B keeps every batch non-empty.
            _nextBoundaryJobs = (long)((Int128)_jobs * end / _batches);
        }
    }

    private void CloseBatch(double time)
    {
        for (int k = 0; k < _classCount; k++)
        {
            Touch(k, time);
            _totals[_batch * _classCount + k] = _current[k];
        }

        Array.Clear(_current);
        _durations[_batch] = time - _batchStart;
        _batchStart = time;
        _clock = time;
        _batch++;
        if (_batch == _batches)
        {
            _finished = true;
        }
        else
        {
            SetNextBoundary();
        }
    }

    /// <summary>Adds class <paramref name="jobClass"/>'s areas up to <paramref name="time"/>; call before its counts change.</summary>
    private void Touch(int jobClass, double time)
    {
        if (_measuring)
        {
            double elapsed = time - _lastChange[jobClass];
            ref BatchTotals current = ref _current[jobClass];
            current.AreaInSystem += _classInSystem[jobClass] * elapsed;
            current.AreaWaiting += _classWaiting[jobClass] * elapsed;
            current.AreaBusy += _classBusy[jobClass] * elapsed;
        }

        _lastChange[jobClass] = time;
    }

    private void Arrive(int jobClass, double time)
    {
        Random stream = _streams[jobClass];
        Schedule(SimulationEvent.Arrival(jobClass), time + _interarrival[jobClass].Draw(stream));
        // Drawn even for a blocked arrival, so that each class's stream is consumed the same way whatever the
        // capacity, servers or discipline.
        double requirement = _service[jobClass].Draw(stream);
        if (_measuring)
        {
            _current[jobClass].Arrivals++;
        }

        if (_inSystem >= _capacity)
        {
            if (_measuring)
            {
                _current[jobClass].Blocked++;
            }

            return;
        }

        Touch(jobClass, time);
        _inSystem++;
        _classInSystem[jobClass]++;
        var job = new SimulationJob
        {
            Class = jobClass,
            ArrivalTime = time,
            Requirement = requirement,
            Remaining = requirement,
            QueuedAt = time,
        };

        if (_idleCount > 0)
        {
            StartService(_idleServers[--_idleCount], ref job, time);
            return;
        }

        if (_discipline == QueueSimulationDiscipline.PreemptiveResumePriority)
        {
            int server = Preempt(jobClass, time);
            if (server >= 0)
            {
                StartService(server, ref job, time);
                return;
            }
        }

        _classWaiting[jobClass]++;
        _queues[QueueOf(jobClass)].AddLast(job);
    }

    /// <summary>
    /// Interrupts a job of the lowest-priority class in service, if it ranks below <paramref name="jobClass"/>,
    /// and returns its server (−1 when there is none). Within that class the most recent arrival is interrupted,
    /// so the class's jobs keep their arrival order: those in service arrived before those waiting. O(c) per
    /// preemption.
    /// </summary>
    private int Preempt(int jobClass, double time)
    {
        int victimClass = _classCount - 1;
        while (victimClass > jobClass && _classBusy[victimClass] == 0)
        {
            victimClass--;
        }

        if (victimClass <= jobClass)
        {
            return -1;
        }

        int server = -1;
        double latestArrival = double.NegativeInfinity;
        for (int s = 0; s < _servers; s++)
        {
            // Idle servers never exist here (the arrival found none), so every slot holds a job.
            if (_inService[s].Class == victimClass && _inService[s].ArrivalTime > latestArrival)
            {
                latestArrival = _inService[s].ArrivalTime;
                server = s;
            }
        }

        SimulationJob victim = _inService[server];
        victim.Remaining = Math.Max(0, victim.Remaining - (time - _serviceStart[server]));
        victim.QueuedAt = time;
        Touch(victimClass, time);
        _classBusy[victimClass]--;
        _classWaiting[victimClass]++;
        _queues[victimClass].AddFirst(victim);
        // The victim's departure event is still in the heap; the new version marks it stale.
        _serverVersion[server]++;
        return server;
    }

    private void StartService(int server, ref SimulationJob job, double time)
    {
        if (time > job.QueuedAt)
        {
            job.Waited = true;
        }

        _inService[server] = job;
        _serviceStart[server] = time;
        _classBusy[job.Class]++;
        Schedule(SimulationEvent.Departure(server, _serverVersion[server]), time + job.Remaining);
    }

    private void Depart(int server, double time)
    {
        ref SimulationJob job = ref _inService[server];
        int jobClass = job.Class;
        Touch(jobClass, time);
        _classBusy[jobClass]--;
        _classInSystem[jobClass]--;
        _inSystem--;
        if (_measuring)
        {
            double response = time - job.ArrivalTime;
            ref BatchTotals current = ref _current[jobClass];
            current.Completions++;
            current.ResponseSum += response;
            if (job.Waited)
            {
                current.Waited++;
                current.WaitingSum += Math.Max(0, response - job.Requirement);
            }
        }
        else
        {
            _warmupCompletions++;
        }

        if (TryTakeNext(out SimulationJob next))
        {
            Touch(next.Class, time);
            _classWaiting[next.Class]--;
            StartService(server, ref next, time);
        }
        else
        {
            _idleServers[_idleCount++] = server;
        }

        if (_measuring && !_byTime && ++_measuredCompletions == _nextBoundaryJobs)
        {
            CloseBatch(time);
        }
    }

    private bool TryTakeNext(out SimulationJob job)
    {
        for (int q = 0; q < _queues.Length; q++)
        {
            if (_queues[q].Count > 0)
            {
                job = _queues[q].RemoveFirst();
                return true;
            }
        }

        job = default;
        return false;
    }

    private int QueueOf(int jobClass) => _discipline == QueueSimulationDiscipline.Fcfs ? 0 : jobClass;

    private QueueSimulationResult Summarize()
    {
        double t = StudentT.TwoSidedQuantile(_batches - 1, _confidenceLevel);
        var classes = new QueueSimulationMetrics[_classCount];
        var overall = new BatchTotals[_batches];
        var perClass = new BatchTotals[_batches];
        for (int k = 0; k < _classCount; k++)
        {
            for (int b = 0; b < _batches; b++)
            {
                perClass[b] = _totals[b * _classCount + k];
                overall[b].Add(perClass[b]);
            }

            classes[k] = Metrics(perClass, t);
        }

        return new QueueSimulationResult(
            Metrics(overall, t),
            Array.AsReadOnly(classes),
            _clock - _measurementStart,
            _measurementStart,
            _batches,
            _confidenceLevel);
    }

    private QueueSimulationMetrics Metrics(BatchTotals[] batches, double t)
    {
        int count = batches.Length;
        var numerators = new double[count];
        var denominators = new double[count];
        double completions = 0;
        for (int b = 0; b < count; b++)
        {
            completions += batches[b].Completions;
        }

        Estimate PerTime(Func<BatchTotals, double> numerator, double scale)
        {
            for (int b = 0; b < count; b++)
            {
                numerators[b] = numerator(batches[b]) * scale;
                denominators[b] = _durations[b];
            }

            return BatchMeans.Ratio(numerators, denominators, t, _confidenceLevel);
        }

        Estimate Per(Func<BatchTotals, double> numerator, Func<BatchTotals, double> denominator)
        {
            for (int b = 0; b < count; b++)
            {
                numerators[b] = numerator(batches[b]);
                denominators[b] = denominator(batches[b]);
            }

            return BatchMeans.Ratio(numerators, denominators, t, _confidenceLevel);
        }

        return new QueueSimulationMetrics
        {
            Utilization = PerTime(static x => x.AreaBusy, 1.0 / _servers),
            ProbabilityOfWaiting = Per(static x => x.Waited, static x => x.Completions),
            BlockingProbability = Per(static x => x.Blocked, static x => x.Arrivals),
            Throughput = PerTime(static x => x.Completions, 1),
            MeanWaitingTime = Per(static x => x.WaitingSum, static x => x.Completions),
            MeanResponseTime = Per(static x => x.ResponseSum, static x => x.Completions),
            MeanQueueLength = PerTime(static x => x.AreaWaiting, 1),
            MeanNumberInSystem = PerTime(static x => x.AreaInSystem, 1),
            CompletedJobs = (long)completions,
        };
    }
}
