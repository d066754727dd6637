namespace Aios.Scheduling.Simulation;

/// <summary>The mean number of jobs waiting (submitted, not finished, holding no GPU) over one interval of a simulation.</summary>
/// <param name="Start">The interval's start, seconds since the start of the simulation.</param>
/// <param name="Length">The interval's length in seconds.</param>
/// <param name="Waiting">The time-weighted mean number of waiting jobs during the interval (queued or preempted, not yet restarted).</param>
public readonly record struct QueueLengthSample(double Start, double Length, double Waiting);
