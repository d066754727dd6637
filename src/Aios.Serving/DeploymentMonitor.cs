using System.Runtime.InteropServices;

namespace Aios.Serving;

/// <summary>
/// Watches one deployment: a live service (or the replay) tells it each arrival, admission, first token and completion
/// and the state of its queue and replicas; it publishes them on the <c>Aios.Serving</c> meter and hands an autoscaler
/// one <see cref="DeploymentObservation"/> per interval (<see cref="Observe"/>). Given the model's predicted wait
/// (<see cref="SetPredictedWait"/>), it raises a drift signal when observed waits leave the prediction.
/// </summary>
/// <remarks>
/// Times are seconds (<c>double</c>), as everywhere in Aios.Serving. A live service uses the methods without a time,
/// which read the options' <see cref="TimeProvider"/>. The monitor is not thread-safe: a live service calls it from one
/// loop (or under its own lock), as the replay does.
/// </remarks>
public sealed class DeploymentMonitor
{
    private readonly DeploymentMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ServingMetrics _metrics;
    private readonly List<double> _timesToFirstToken = new(256);
    private readonly double _driftBand;

    private double _lastChange;
    private double _intervalStart;
    private double _concurrencyArea;
    private double _inFlightArea;
    private double _busyArea;
    private double _readyArea;
    private int _queueLength;
    private int _inFlight;
    private int _busyReplicas;
    private int _readyReplicas;
    private int _pendingReplicas;
    private int _arrivals;
    private double _lastArrival = double.NaN;
    private double _gapSum;
    private double _gapSquares;
    private int _gaps;
    private int _admitted;
    private double _waitSum;
    private double _maxTimeToFirstToken;
    private double _predictedWait = double.NaN;
    private double _logDrift;
    private bool _hasDrift;

    /// <summary>Creates a monitor.</summary>
    /// <param name="options">The options; null for the defaults. They are copied now.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message names it and its valid range).</exception>
    public DeploymentMonitor(DeploymentMonitorOptions? options = null)
    {
        options ??= new DeploymentMonitorOptions();
        OptionsValidation.ThrowIfInvalid(options.GetErrors());
        _options = options.Snapshot();
        _time = _options.TimeProvider;
        _started = _time.GetTimestamp();
        _metrics = new ServingMetrics(_options.MeterFactory, _options.DeploymentName);
        _driftBand = Math.Log(1 + _options.DriftTolerance);
    }

    /// <summary>Gets a copy of the options the monitor runs with.</summary>
    public DeploymentMonitorOptions Options => _options.Snapshot();

    /// <summary>Gets the requests waiting now.</summary>
    public int QueueLength => _queueLength;

    /// <summary>Gets the requests being served now.</summary>
    public int InFlight => _inFlight;

    private double Now => _time.GetElapsedTime(_started).TotalSeconds;

    /// <summary>Records an arrival now.</summary>
    public void RecordArrival() => RecordArrivalAt(Now);

    /// <summary>Records that a replica admitted a request after <paramref name="waitSeconds"/> in the queue.</summary>
    /// <param name="waitSeconds">The queueing delay: finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="waitSeconds"/> is out of range.</exception>
    public void RecordAdmission(double waitSeconds)
    {
        Guard.FiniteNonNegative(waitSeconds);
        RecordAdmissionCore(waitSeconds);
    }

    /// <summary>Records a request's first token, <paramref name="timeToFirstTokenSeconds"/> after it arrived.</summary>
    /// <param name="timeToFirstTokenSeconds">The time to first token: finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The time is out of range.</exception>
    public void RecordFirstToken(double timeToFirstTokenSeconds)
    {
        Guard.FiniteNonNegative(timeToFirstTokenSeconds);
        RecordFirstTokenCore(timeToFirstTokenSeconds);
    }

    /// <summary>Records a request's completion, <paramref name="durationSeconds"/> after it arrived.</summary>
    /// <param name="durationSeconds">The end-to-end latency: finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The duration is out of range.</exception>
    public void RecordCompletion(double durationSeconds)
    {
        Guard.FiniteNonNegative(durationSeconds);
        RecordCompletionCore(durationSeconds);
    }

    /// <summary>Records the deployment's state now (the time averages of the observations integrate it).</summary>
    /// <param name="queueLength">Requests waiting: ≥ 0.</param>
    /// <param name="inFlight">Requests being served: ≥ 0.</param>
    /// <param name="busyReplicas">Ready replicas running an iteration: 0 to <paramref name="readyReplicas"/>.</param>
    /// <param name="readyReplicas">Replicas serving: ≥ 0.</param>
    /// <param name="pendingReplicas">Replicas starting: ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public void SetState(int queueLength, int inFlight, int busyReplicas, int readyReplicas, int pendingReplicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queueLength);
        ArgumentOutOfRangeException.ThrowIfNegative(inFlight);
        ArgumentOutOfRangeException.ThrowIfNegative(readyReplicas);
        ArgumentOutOfRangeException.ThrowIfNegative(pendingReplicas);
        ArgumentOutOfRangeException.ThrowIfNegative(busyReplicas);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(busyReplicas, readyReplicas);
        SetStateAt(Now, queueLength, inFlight, busyReplicas, readyReplicas, pendingReplicas);
    }

    /// <summary>Sets the mean wait the model predicts for the deployment as it runs now; observed waits are compared with it.</summary>
    /// <param name="seconds">The predicted mean wait: finite, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is out of range.</exception>
    public void SetPredictedWait(double seconds)
    {
        Guard.FiniteNonNegative(seconds);
        _predictedWait = seconds;
    }

    /// <summary>Ends the current interval now and returns what it saw.</summary>
    /// <returns>The observation.</returns>
    public DeploymentObservation Observe() => ObserveAt(Now);

    internal void RecordArrivalAt(double time)
    {
        _arrivals++;
        if (!double.IsNaN(_lastArrival))
        {
            double gap = time - _lastArrival;
            _gapSum += gap;
            _gapSquares += gap * gap;
            _gaps++;
        }

        _lastArrival = time;
        _metrics.Requests.Add(1, _metrics.Deployment);
    }

    internal void RecordAdmissionCore(double waitSeconds)
    {
        _admitted++;
        _waitSum += waitSeconds;
        if (_metrics.Wait.Enabled)
        {
            _metrics.Wait.Record(waitSeconds, _metrics.Deployment);
        }
    }

    internal void RecordFirstTokenCore(double seconds)
    {
        _timesToFirstToken.Add(seconds);
        _maxTimeToFirstToken = Math.Max(_maxTimeToFirstToken, seconds);
        if (_metrics.TimeToFirstToken.Enabled)
        {
            _metrics.TimeToFirstToken.Record(seconds, _metrics.Deployment);
        }
    }

    internal void RecordCompletionCore(double seconds)
    {
        if (_metrics.Duration.Enabled)
        {
            _metrics.Duration.Record(seconds, _metrics.Deployment);
        }
    }

    internal void SetStateAt(double time, int queueLength, int inFlight, int busyReplicas, int readyReplicas, int pendingReplicas)
    {
        Integrate(time);
        bool replicasChanged = readyReplicas != _readyReplicas || pendingReplicas != _pendingReplicas;
        _queueLength = queueLength;
        _inFlight = inFlight;
        _busyReplicas = busyReplicas;
        _readyReplicas = readyReplicas;
        _pendingReplicas = pendingReplicas;
        if (replicasChanged)
        {
            _metrics.RecordReplicas(readyReplicas, pendingReplicas);
        }
    }

    internal DeploymentObservation ObserveAt(double time)
    {
        Integrate(time);
        double length = time - _intervalStart;
        double scv = double.NaN;
        if (_gaps >= 2 && _gapSum > 0)
        {
            double mean = _gapSum / _gaps;
            scv = Math.Max(0, (_gapSquares / _gaps) - (mean * mean)) / (mean * mean);
        }

        double p99 = double.NaN;
        if (_timesToFirstToken.Count > 0)
        {
            Span<double> times = CollectionsMarshal.AsSpan(_timesToFirstToken);
            times.Sort();
            p99 = times[Math.Min(times.Length - 1, (int)Math.Ceiling(0.99 * times.Length) - 1)];
        }

        double meanWait = _admitted > 0 ? _waitSum / _admitted : double.NaN;
        UpdateDrift(meanWait);
        double drift = _hasDrift ? Math.Exp(_logDrift) : double.NaN;
        var observation = new DeploymentObservation
        {
            Time = time,
            IntervalSeconds = length,
            Arrivals = _arrivals,
            ArrivalScv = scv,
            QueueLength = _queueLength,
            InFlight = _inFlight,
            MeanConcurrency = length > 0 ? _concurrencyArea / length : _queueLength + _inFlight,
            MeanInFlight = length > 0 ? _inFlightArea / length : _inFlight,
            MeanBusyFraction = _readyArea > 0 ? Math.Clamp(_busyArea / _readyArea, 0, 1) : 0,
            ReadyReplicas = _readyReplicas,
            PendingReplicas = _pendingReplicas,
            Admitted = _admitted,
            MeanWaitSeconds = meanWait,
            MaxTimeToFirstTokenSeconds = _timesToFirstToken.Count > 0 ? _maxTimeToFirstToken : double.NaN,
            P99TimeToFirstTokenSeconds = p99,
            WaitDrift = drift,
            IsDrifting = _hasDrift && Math.Abs(_logDrift) > _driftBand,
        };
        if (_metrics.QueueLength.Enabled)
        {
            _metrics.QueueLength.Record(_queueLength, _metrics.Deployment);
        }

        if (_metrics.InFlight.Enabled)
        {
            _metrics.InFlight.Record(_inFlight, _metrics.Deployment);
        }

        if (_metrics.ArrivalRate.Enabled)
        {
            _metrics.ArrivalRate.Record(observation.ArrivalRate, _metrics.Deployment);
        }

        if (_hasDrift && _metrics.WaitDrift.Enabled)
        {
            _metrics.WaitDrift.Record(drift, _metrics.Deployment);
        }

        _intervalStart = time;
        _concurrencyArea = _inFlightArea = _busyArea = _readyArea = 0;
        _arrivals = _admitted = _gaps = 0;
        _gapSum = _gapSquares = _waitSum = _maxTimeToFirstToken = 0;
        _timesToFirstToken.Clear();
        return observation;
    }

    private void UpdateDrift(double observedWait)
    {
        if (double.IsNaN(_predictedWait) || double.IsNaN(observedWait))
        {
            return;
        }

        // The log of the ratio, with both waits floored: tiny waits are noise, not drift.
        double floor = _options.DriftFloorSeconds;
        double logRatio = Math.Log(Math.Max(observedWait, floor) / Math.Max(_predictedWait, floor));
        _logDrift = _hasDrift ? ((1 - _options.DriftSmoothing) * _logDrift) + (_options.DriftSmoothing * logRatio) : logRatio;
        _hasDrift = true;
    }

    private void Integrate(double time)
    {
        double elapsed = time - _lastChange;
        if (elapsed > 0)
        {
            _concurrencyArea += elapsed * (_queueLength + _inFlight);
            _inFlightArea += elapsed * _inFlight;
            _busyArea += elapsed * _busyReplicas;
            _readyArea += elapsed * _readyReplicas;
            _lastChange = time;
        }
    }
}
