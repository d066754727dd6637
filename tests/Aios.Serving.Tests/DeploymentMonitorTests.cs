using System.Diagnostics.Metrics;
using Aios.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Aios.Serving.Tests;

public sealed class DeploymentMonitorTests
{
    [Fact]
    public void Observe_LiveCalls_AverageOverTheInterval()
    {
        var clock = new FakeTimeProvider();
        var monitor = new DeploymentMonitor(new DeploymentMonitorOptions { TimeProvider = clock });

        monitor.SetState(queueLength: 2, inFlight: 4, busyReplicas: 1, readyReplicas: 2, pendingReplicas: 1);
        monitor.RecordArrival();
        clock.Advance(TimeSpan.FromSeconds(5));
        monitor.RecordArrival();
        monitor.SetState(0, 2, 2, 2, 0);
        clock.Advance(TimeSpan.FromSeconds(5));
        monitor.RecordArrival();
        monitor.RecordAdmission(0.5);
        monitor.RecordFirstToken(1.5);
        DeploymentObservation observation = monitor.Observe();

        Assert.Equal(10, observation.IntervalSeconds, 9);
        Assert.Equal(3, observation.Arrivals);
        Assert.Equal(0.3, observation.ArrivalRate, 9);
        Assert.Equal(((6 * 5) + (2 * 5)) / 10.0, observation.MeanConcurrency, 9);
        Assert.Equal(3, observation.MeanInFlight, 9);
        Assert.Equal(0.75, observation.MeanBusyFraction, 9);
        Assert.Equal(0, observation.ArrivalScv, 9);
        Assert.Equal(0.5, observation.MeanWaitSeconds);
        Assert.Equal(1.5, observation.P99TimeToFirstTokenSeconds);
        Assert.Equal((2, 0), (observation.ReadyReplicas, observation.PendingReplicas));
    }

    [Fact]
    public void Observe_WaitsFarAbovePrediction_RaisesDrift()
    {
        var clock = new FakeTimeProvider();
        var monitor = new DeploymentMonitor(new DeploymentMonitorOptions { TimeProvider = clock });
        monitor.SetPredictedWait(0.2);

        monitor.RecordAdmission(0.25);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.False(monitor.Observe().IsDrifting);

        DeploymentObservation observation = default;
        for (int i = 0; i < 5; i++)
        {
            monitor.RecordAdmission(2);
            clock.Advance(TimeSpan.FromSeconds(10));
            observation = monitor.Observe();
        }

        Assert.True(observation.IsDrifting);
        Assert.InRange(observation.WaitDrift, 2, 10);
    }

    [Fact]
    public void Meter_PublishesTheDeploymentsFigures()
    {
        using var factory = new TestMeterFactory();
        var measurements = new List<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: other tests' monitors publish on meters of the same name, on other threads.
            if (instrument.Meter.Name == "Aios.Serving" && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        listener.Start();
        var monitor = new DeploymentMonitor(new DeploymentMonitorOptions { MeterFactory = factory, TimeProvider = new FakeTimeProvider() });

        monitor.RecordArrival();
        monitor.RecordAdmission(0.1);
        monitor.RecordFirstToken(0.4);
        monitor.RecordCompletion(3);
        monitor.SetState(5, 7, 1, 3, 1);
        monitor.Observe();

        Assert.Contains(("aios.serving.requests", 1), measurements);
        Assert.Contains(("aios.serving.time_to_first_token", 0.4), measurements);
        Assert.Contains(("aios.serving.request.duration", 3), measurements);
        Assert.Contains(("aios.serving.queue.wait", 0.1), measurements);
        Assert.Contains(("aios.serving.queue.length", 5), measurements);
        Assert.Contains(("aios.serving.requests.in_flight", 7), measurements);
        Assert.Contains(("aios.serving.replicas", 3), measurements);
        Assert.Contains(measurements, m => m.Name == "aios.serving.arrival_rate");
    }

    [Fact]
    public void Constructor_BadOption_NamesIt()
    {
        Assert.Equal("DriftSmoothing", Assert.Throws<ArgumentOutOfRangeException>(() => new DeploymentMonitor(new DeploymentMonitorOptions { DriftSmoothing = 0 })).ParamName);
    }
}
