using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Aios.Serving;

/// <summary>
/// The <c>Aios.Serving</c> meter (one per package, from the options' <see cref="IMeterFactory"/> or a shared meter):
/// request counts and latency histograms, and gauges of the arrival rate, queue, in-flight requests, replicas and wait drift.
/// </summary>
internal sealed class ServingMetrics
{
    public const string MeterName = "Aios.Serving";

    private static readonly Lazy<Meter> SharedMeter = new(() => new Meter(MeterName));

    private readonly KeyValuePair<string, object?> _deployment;
    private readonly TagList _ready;
    private readonly TagList _pending;

    public ServingMetrics(IMeterFactory? meterFactory, string deployment)
    {
        Meter meter = meterFactory?.Create(MeterName) ?? SharedMeter.Value;
        _deployment = new("aios.serving.deployment", deployment);
        _ready = new TagList { _deployment, new("aios.serving.replica.state", "ready") };
        _pending = new TagList { _deployment, new("aios.serving.replica.state", "pending") };
        Requests = meter.CreateCounter<long>("aios.serving.requests", "{request}", "Requests that arrived.");
        TimeToFirstToken = meter.CreateHistogram<double>("aios.serving.time_to_first_token", "s", "Time from arrival to the first token.");
        Duration = meter.CreateHistogram<double>("aios.serving.request.duration", "s", "Time from arrival to the last token.");
        Wait = meter.CreateHistogram<double>("aios.serving.queue.wait", "s", "Time from arrival until a replica admits the request.");
        QueueLength = meter.CreateGauge<int>("aios.serving.queue.length", "{request}", "Requests waiting for a replica.");
        InFlight = meter.CreateGauge<int>("aios.serving.requests.in_flight", "{request}", "Requests being served.");
        Replicas = meter.CreateGauge<int>("aios.serving.replicas", "{replica}", "Replicas by state (ready, pending).");
        ArrivalRate = meter.CreateGauge<double>("aios.serving.arrival_rate", "{request}/s", "Arrival rate over the last observation interval.");
        WaitDrift = meter.CreateGauge<double>("aios.serving.wait_drift", "1", "Smoothed ratio of observed to predicted mean wait.");
    }

    public Counter<long> Requests { get; }

    public Histogram<double> TimeToFirstToken { get; }

    public Histogram<double> Duration { get; }

    public Histogram<double> Wait { get; }

    public Gauge<int> QueueLength { get; }

    public Gauge<int> InFlight { get; }

    public Gauge<int> Replicas { get; }

    public Gauge<double> ArrivalRate { get; }

    public Gauge<double> WaitDrift { get; }

    public KeyValuePair<string, object?> Deployment => _deployment;

    public void RecordReplicas(int ready, int pending)
    {
        if (Replicas.Enabled)
        {
            Replicas.Record(ready, _ready);
            Replicas.Record(pending, _pending);
        }
    }
}
