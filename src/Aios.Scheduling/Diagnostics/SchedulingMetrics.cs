using System.Diagnostics.Metrics;
using Aios.Scheduling.Engine;

namespace Aios.Scheduling.Diagnostics;

/// <summary>The <c>Aios.Scheduling</c> meter's instruments: decisions by kind, preemptions, jobs and GPUs in use.</summary>
internal sealed class SchedulingMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Aios.Scheduling";

    private static readonly Meter SharedMeter = new(MeterName);
    private static readonly KeyValuePair<string, object?> StartTag = new("kind", "start");
    private static readonly KeyValuePair<string, object?> PreemptTag = new("kind", "preempt");
    private static readonly KeyValuePair<string, object?> WaitTag = new("kind", "wait");

    private readonly Counter<long> _decisions;
    private readonly Counter<long> _submitted;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _preemptions;
    private readonly UpDownCounter<long> _running;
    private readonly UpDownCounter<long> _gpus;

    public SchedulingMetrics(IMeterFactory? factory)
    {
        Meter meter = factory?.Create(MeterName) ?? SharedMeter;
        _decisions = meter.CreateCounter<long>("aios.scheduling.decisions", "{decision}", "Scheduling decisions, by kind (start, preempt, wait).");
        _submitted = meter.CreateCounter<long>("aios.scheduling.jobs.submitted", "{job}", "Jobs submitted.");
        _ended = meter.CreateCounter<long>("aios.scheduling.jobs.ended", "{job}", "Jobs finished or cancelled, by phase.");
        _preemptions = meter.CreateCounter<long>("aios.scheduling.preemptions", "{preemption}", "Jobs preempted.");
        _running = meter.CreateUpDownCounter<long>("aios.scheduling.jobs.running", "{job}", "Jobs running.");
        _gpus = meter.CreateUpDownCounter<long>("aios.scheduling.gpus.allocated", "{gpu}", "GPUs held by running jobs.");
    }

    public void Decision(DecisionKind kind)
    {
        if (_decisions.Enabled)
        {
            _decisions.Add(1, kind switch { DecisionKind.Start => StartTag, DecisionKind.Preempt => PreemptTag, _ => WaitTag });
        }
    }

    public void Submitted()
    {
        if (_submitted.Enabled)
        {
            _submitted.Add(1);
        }
    }

    public void Ended(JobPhase phase)
    {
        if (_ended.Enabled)
        {
            _ended.Add(1, new KeyValuePair<string, object?>("phase", phase == JobPhase.Finished ? "finished" : "cancelled"));
        }
    }

    public void Preempted()
    {
        if (_preemptions.Enabled)
        {
            _preemptions.Add(1);
        }
    }

    public void Started(long gpus)
    {
        if (_running.Enabled)
        {
            _running.Add(1);
        }

        if (_gpus.Enabled)
        {
            _gpus.Add(gpus);
        }
    }

    public void Stopped(long gpus)
    {
        if (_running.Enabled)
        {
            _running.Add(-1);
        }

        if (_gpus.Enabled)
        {
            _gpus.Add(-gpus);
        }
    }
}
