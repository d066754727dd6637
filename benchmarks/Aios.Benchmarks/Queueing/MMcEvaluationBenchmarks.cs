using Aios.Queueing;
using BenchmarkDotNet.Attributes;

namespace Aios.Benchmarks.Queueing;

/// <summary>An M/M/c evaluation with all metrics: mean figures, a service level and the p99 of wait and response time.</summary>
[MemoryDiagnoser]
public class MMcEvaluationBenchmarks
{
    private MMcQueue _queue;

    [Params(8, 1_000)]
    public int Servers { get; set; }

    [GlobalSetup]
    public void Setup() => _queue = new MMcQueue(0.9 * Servers * 2.0, 2.0, Servers);

    [Benchmark]
    public QueueMetrics MeanFigures() => _queue.Evaluate();

    [Benchmark]
    public double AllMetrics()
    {
        QueueMetrics metrics = _queue.Evaluate();
        return metrics.MeanResponseTime
            + _queue.ServiceLevel(0.05)
            + _queue.WaitingTimeQuantile(0.99)
            + _queue.ResponseTimeQuantile(0.99);
    }
}
