using System.Diagnostics.Metrics;

namespace Aios.Scheduling.Kubernetes;

/// <summary>The <c>Aios.Scheduling.Kubernetes</c> meter: bindings by result, preemptions, explanations, relists, passes.</summary>
internal sealed class KubernetesSchedulerMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Aios.Scheduling.Kubernetes";

    /// <summary>The meter of the engine rebuilt in each pass (its decisions per pass, not cluster-wide counts).</summary>
    public const string PassMeterName = "Aios.Scheduling.Kubernetes.Pass";

    private static readonly Meter SharedMeter = new(MeterName);
    private readonly Counter<long> _bindings;
    private readonly Counter<long> _preemptions;
    private readonly Counter<long> _explanations;
    private readonly Counter<long> _relists;
    private readonly Histogram<double> _passDuration;

    public KubernetesSchedulerMetrics(IMeterFactory? factory, Func<int> pendingPods, Func<int> leader)
    {
        Meter meter = factory?.Create(MeterName) ?? SharedMeter;
        _bindings = meter.CreateCounter<long>("aios.kubernetes.bindings", "{pod}", "Pod bindings, by result (bound, conflict, failed).");
        _preemptions = meter.CreateCounter<long>("aios.kubernetes.preemptions", "{pod}", "Pods deleted or evicted to make room, by result.");
        _explanations = meter.CreateCounter<long>("aios.kubernetes.explanations", "{pod}", "PodScheduled=False conditions written for waiting pods.");
        _relists = meter.CreateCounter<long>("aios.kubernetes.relists", "{list}", "Lists after the first (410 Gone, reconnects), by resource.");
        _passDuration = meter.CreateHistogram<double>("aios.kubernetes.pass.duration", "s", "Time to decide one scheduling pass (not counting the API calls it makes).");
        meter.CreateObservableGauge("aios.kubernetes.pods.pending", pendingPods, "{pod}", "This scheduler's pods not yet bound, at the last pass.");
        meter.CreateObservableGauge("aios.kubernetes.leader", leader, "{instance}", "1 while this instance leads, else 0.");
    }

    public void Binding(string result) => _bindings.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Preemption(string result) => _preemptions.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Explanation() => _explanations.Add(1);

    public void Relist(string resource) => _relists.Add(1, new KeyValuePair<string, object?>("resource", resource));

    public void Pass(double seconds) => _passDuration.Record(seconds);
}
