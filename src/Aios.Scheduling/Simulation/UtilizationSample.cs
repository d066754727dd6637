namespace Aios.Scheduling.Simulation;

/// <summary>The cluster's mean GPU utilization over one interval of a simulation.</summary>
/// <param name="Start">The interval's start, seconds since the start of the simulation.</param>
/// <param name="Length">The interval's length in seconds.</param>
/// <param name="Utilization">The GPU-seconds held during the interval over the cluster's GPU-seconds, in [0, 1].</param>
public readonly record struct UtilizationSample(double Start, double Length, double Utilization);
