namespace Aios.Serving.Autoscaling;

/// <summary>The Kubernetes HPA's algorithm (see <see cref="HpaOptions"/>).</summary>
internal sealed class HpaAutoscaler : Autoscaler
{
    private readonly HpaOptions _options;
    private readonly Queue<(double Time, int Replicas)> _recommendations = new();

    public HpaAutoscaler(HpaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsValidation.ThrowIfInvalid(options.GetErrors());
        _options = options.Snapshot();

        // The deployment was running with its initial replicas: that counts as a recommendation at time 0.
        _recommendations.Enqueue((0, _options.InitialReplicas));
    }

    public override string Name => "hpa";

    public override double PeriodSeconds => _options.PeriodSeconds;

    public override int InitialReplicas => _options.InitialReplicas;

    public override int Recommend(in DeploymentObservation observation)
    {
        int current = observation.ReadyReplicas + observation.PendingReplicas;
        int desired = current;
        if (observation.ReadyReplicas > 0)
        {
            double usage = observation.MeanInFlight / _options.BatchLimit;
            double ratio = usage / observation.ReadyReplicas / _options.TargetUtilization;
            if (ratio > 1 && observation.PendingReplicas > 0)
            {
                // Pods not yet ready count as 0 % when the recommendation is to scale up.
                ratio = usage / current / _options.TargetUtilization;
            }

            if (Math.Abs(ratio - 1) > _options.Tolerance)
            {
                int pods = ratio > 1 && observation.PendingReplicas > 0 ? current : observation.ReadyReplicas;
                desired = (int)Math.Min(int.MaxValue, Math.Ceiling(ratio * pods));
            }
        }

        desired = Math.Clamp(desired, _options.MinReplicas, _options.MaxReplicas);

        // Scale-down stabilisation: the highest recommendation within the window.
        _recommendations.Enqueue((observation.Time, desired));
        while (_recommendations.Count > 0 && _recommendations.Peek().Time < observation.Time - _options.ScaleDownStabilizationSeconds)
        {
            _recommendations.Dequeue();
        }

        if (desired < current)
        {
            int highest = desired;
            foreach ((_, int replicas) in _recommendations)
            {
                highest = Math.Max(highest, replicas);
            }

            desired = Math.Min(current, highest);
        }
        else if (desired > current)
        {
            // Default scale-up behaviour: the larger of +100 % and +4 pods per period.
            int limit = (int)Math.Min(int.MaxValue, Math.Max(Math.Ceiling(current * (1 + (_options.ScaleUpPercent / 100))), (long)current + _options.ScaleUpPods));
            desired = Math.Min(desired, limit);
        }

        return desired;
    }
}
