using System.Diagnostics.Metrics;

namespace Aios.Serving;

/// <summary>Options of a <see cref="DeploymentMonitor"/>; copied when the monitor is created.</summary>
public sealed class DeploymentMonitorOptions
{
    /// <summary>Gets or sets the clock of a live deployment; default <see cref="TimeProvider.System"/> (a replay drives the monitor in simulated time).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets the meter factory for the <c>Aios.Serving</c> meter; null (the default) uses a shared meter.</summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>Gets or sets the deployment's name, the <c>aios.serving.deployment</c> tag of every measurement; default <c>default</c>.</summary>
    public string DeploymentName { get; set; } = "default";

    /// <summary>
    /// Gets or sets the drift band: waits drift when the smoothed ratio of observed to predicted mean wait leaves
    /// [1/(1 + t), 1 + t]; default 1 (a factor of 2 either way).
    /// </summary>
    public double DriftTolerance { get; set; } = 1;

    /// <summary>Gets or sets the smoothing weight of each new interval in the drift ratio (an exponentially weighted mean of the log ratio), in (0, 1]; default 0.3.</summary>
    public double DriftSmoothing { get; set; } = 0.3;

    /// <summary>Gets or sets the wait below which observed and predicted waits count as equal (seconds; waits this small carry no signal); default 0.05.</summary>
    public double DriftFloorSeconds { get; set; } = 0.05;

    internal IEnumerable<ArgumentException> GetErrors()
    {
        if (TimeProvider is null)
        {
            yield return new ArgumentNullException(nameof(TimeProvider), $"{nameof(TimeProvider)} must be a clock.");
        }

        if (string.IsNullOrEmpty(DeploymentName))
        {
            yield return new ArgumentException($"{nameof(DeploymentName)} must be a non-empty name.", nameof(DeploymentName));
        }

        if (!(DriftTolerance > 0) || double.IsInfinity(DriftTolerance))
        {
            yield return new ArgumentOutOfRangeException(nameof(DriftTolerance), DriftTolerance, $"{nameof(DriftTolerance)} must be a finite number > 0.");
        }

        if (!(DriftSmoothing > 0 && DriftSmoothing <= 1))
        {
            yield return new ArgumentOutOfRangeException(nameof(DriftSmoothing), DriftSmoothing, $"{nameof(DriftSmoothing)} must be in (0, 1].");
        }

        if (!(DriftFloorSeconds >= 0) || double.IsInfinity(DriftFloorSeconds))
        {
            yield return new ArgumentOutOfRangeException(nameof(DriftFloorSeconds), DriftFloorSeconds, $"{nameof(DriftFloorSeconds)} must be a finite number >= 0.");
        }
    }

    internal DeploymentMonitorOptions Snapshot() => (DeploymentMonitorOptions)MemberwiseClone();
}
