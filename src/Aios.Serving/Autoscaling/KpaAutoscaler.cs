namespace Aios.Serving.Autoscaling;

/// <summary>The Knative KPA's algorithm (see <see cref="KpaOptions"/>).</summary>
internal sealed class KpaAutoscaler : Autoscaler
{
    private readonly KpaOptions _options;
    private readonly Queue<(double End, double Seconds, double Concurrency)> _history = new();
    private readonly double _panicWindow;
    private double _panicSince = double.NaN;
    private int _panicDesired;

    public KpaAutoscaler(KpaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.GetErrors());
        _options = options.Snapshot();
        _panicWindow = _options.StableWindowSeconds * _options.PanicWindowPercent / 100;
    }

    public override string Name => "kpa";

    public override double PeriodSeconds => _options.TickSeconds;

    public override int InitialReplicas => _options.InitialReplicas;

    /// <summary>Whether the last decision was taken in panic mode (for tests).</summary>
    internal bool IsPanicking => !double.IsNaN(_panicSince);

    public override int Recommend(in DeploymentObservation observation)
    {
        double now = observation.Time;
        _history.Enqueue((now, observation.IntervalSeconds, observation.MeanConcurrency));
        while (_history.Count > 0 && _history.Peek().End <= now - _options.StableWindowSeconds)
        {
            _history.Dequeue();
        }

        double stable = Average(now - _options.StableWindowSeconds);
        double panic = Average(now - _panicWindow);
        double perPod = _options.TargetConcurrency * _options.TargetUtilization;
        int ready = Math.Max(1, observation.ReadyReplicas);
        int current = observation.ReadyReplicas + observation.PendingReplicas;
        int stableDesired = (int)Math.Min(int.MaxValue, Math.Ceiling(stable / perPod));
        int panicDesired = (int)Math.Min(int.MaxValue, Math.Ceiling(panic / perPod));

        bool overThreshold = panicDesired / (double)ready >= _options.PanicThresholdPercent / 100;
        if (overThreshold)
        {
            if (double.IsNaN(_panicSince))
            {
                _panicDesired = current;
            }

            _panicSince = now;
        }
        else if (!double.IsNaN(_panicSince) && now - _panicSince >= _options.StableWindowSeconds)
        {
            _panicSince = double.NaN;
        }

        int desired;
        if (!double.IsNaN(_panicSince))
        {
            // Panic mode: follow the panic window, never scale down.
            _panicDesired = Math.Max(_panicDesired, Math.Max(panicDesired, current));
            desired = _panicDesired;
        }
        else
        {
            desired = stableDesired;
        }

        int upLimit = (int)Math.Min(int.MaxValue, Math.Ceiling(_options.MaxScaleUpRate * ready));
        int downLimit = (int)Math.Floor(ready / _options.MaxScaleDownRate);
        desired = Math.Clamp(desired, Math.Max(downLimit, 0), Math.Max(upLimit, 1));
        return Math.Clamp(desired, _options.MinReplicas, _options.MaxReplicas);
    }

    private double Average(double since)
    {
        double weighted = 0, seconds = 0;
        foreach ((double end, double length, double concurrency) in _history)
        {
            double overlap = Math.Min(length, end - since);
            if (overlap > 0)
            {
                weighted += overlap * concurrency;
                seconds += overlap;
            }
        }

        return seconds > 0 ? weighted / seconds : 0;
    }
}
