using System.Globalization;
using Aios.Scheduling.Simulation;

namespace Aios.Cli.Simulation;

/// <summary>
/// The CLI's event sink: passes events on to the JSON Lines log (when asked for) and, on a terminal, draws a progress
/// bar on standard error once the run has taken more than a second; for a plot, keeps every completed job's JCT.
/// </summary>
internal sealed class SimulationProgress(TextWriter? error, long totalJobs, JsonLinesEventWriter? log, bool collectCompletionTimes = false) : SimulationEventSink
{
    private const int BarWidth = 30;
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private readonly long _started = TimeProvider.System.GetTimestamp();
    private long _lastDrawn;
    private long _finished;
    private bool _drawn;

    /// <summary>Gets the JCTs of the jobs finished so far, in seconds (empty unless asked for).</summary>
    public List<double> CompletionTimes { get; } = [];

    public override void OnEvent(in SimulationEvent simulationEvent) => log?.OnEvent(simulationEvent);

    public override void OnJobFinished(in SimulationJobOutcome outcome)
    {
        _finished++;
        if (collectCompletionTimes)
        {
            CompletionTimes.Add(outcome.CompletionTime);
        }

        if (error is null || (_finished & 255) != 0)
        {
            return;
        }

        long now = TimeProvider.System.GetTimestamp();
        if (TimeProvider.System.GetElapsedTime(_started, now) < Delay || (_drawn && TimeProvider.System.GetElapsedTime(_lastDrawn, now) < Interval))
        {
            return;
        }

        _lastDrawn = now;
        _drawn = true;
        double share = totalJobs > 0 ? Math.Min(1, (double)_finished / totalJobs) : 0;
        int filled = (int)(share * BarWidth);
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string(' ', BarWidth - filled)}] {share,4:P0}  {_finished}/{totalJobs} jobs finished"));
        error.Flush();
    }

    public void Clear()
    {
        if (_drawn && error is not null)
        {
            error.Write("\r" + new string(' ', BarWidth + 48) + "\r");
            error.Flush();
        }
    }
}
