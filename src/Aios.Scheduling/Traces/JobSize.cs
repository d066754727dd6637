namespace Aios.Scheduling.Traces;

/// <summary>One observed job size: how long a job ran and on how many GPUs (a row of Gavel's <c>philly_job_distribution.csv</c>).</summary>
/// <param name="DurationSeconds">The run time in seconds; finite and greater than 0.</param>
/// <param name="Gpus">The number of GPUs; at least 1.</param>
public readonly record struct JobSize(double DurationSeconds, int Gpus);
