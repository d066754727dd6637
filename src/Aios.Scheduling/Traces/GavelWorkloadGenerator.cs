using System.Globalization;

namespace Aios.Scheduling.Traces;

/// <summary>
/// Generates a seeded synthetic workload the way Gavel's simulator does: Poisson arrivals at a fixed rate, each job's
/// duration and GPU count drawn together from an empirical distribution (the Philly trace's), and its job type drawn
/// uniformly from a list (the throughputs file's job types).
/// </summary>
/// <remarks>
/// <para>Source: Narayanan et al., OSDI 2020 (github.com/stanford-futuredata/gavel, <c>scheduler/utils.py</c>,
/// <c>generate_job</c>, and <c>philly_job_distribution.csv</c>). Inter-arrival times are exponential with mean
/// 3600 / jobs-per-hour seconds, drawn by inversion (−ln(1 − U) / λ); the first job arrives at time 0.</para>
/// <para>The stream is infinite and lazy; take as many jobs as needed. The same arguments and seed give the same
/// stream, on every run and platform (<see cref="Random(int)"/> with a seed uses a fixed algorithm).
/// <see cref="TraceJob.Id"/> is the 0-based job index.</para>
/// </remarks>
public sealed class GavelWorkloadGenerator
{
    private readonly JobSize[] jobSizes;
    private readonly string[] jobTypes;
    private readonly double jobsPerSecond;
    private readonly int seed;

    /// <summary>Creates a generator.</summary>
    /// <param name="jobSizes">The (duration, GPUs) pairs to draw from, uniformly; not empty, each valid.</param>
    /// <param name="jobTypes">The job types to draw from, uniformly; not empty, none null or empty.</param>
    /// <param name="jobsPerHour">The arrival rate in jobs per hour; finite and greater than 0.</param>
    /// <param name="seed">The seed of the random stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="jobSizes"/> or <paramref name="jobTypes"/> is null.</exception>
    /// <exception cref="ArgumentException">A list is empty or holds an invalid entry.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="jobsPerHour"/> is not finite and greater than 0.</exception>
    public GavelWorkloadGenerator(IReadOnlyList<JobSize> jobSizes, IReadOnlyList<string> jobTypes, double jobsPerHour, int seed)
    {
        ArgumentNullException.ThrowIfNull(jobSizes);
        ArgumentNullException.ThrowIfNull(jobTypes);
        if (jobSizes.Count == 0)
        {
            throw new ArgumentException("At least one job size is needed.", nameof(jobSizes));
        }

        if (jobTypes.Count == 0)
        {
            throw new ArgumentException("At least one job type is needed.", nameof(jobTypes));
        }

        if (!(double.IsFinite(jobsPerHour) && jobsPerHour > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(jobsPerHour), jobsPerHour, "The arrival rate must be finite and greater than 0 jobs per hour.");
        }

        this.jobSizes = [.. jobSizes];
        foreach (JobSize size in this.jobSizes)
        {
            if (!(double.IsFinite(size.DurationSeconds) && size.DurationSeconds > 0) || size.Gpus < 1)
            {
                throw new ArgumentException($"Job size {size} is invalid: the duration must be finite and greater than 0 and the GPUs at least 1.", nameof(jobSizes));
            }
        }

        this.jobTypes = [.. jobTypes];
        foreach (string type in this.jobTypes)
        {
            if (string.IsNullOrEmpty(type))
            {
                throw new ArgumentException("Job types must not be null or empty.", nameof(jobTypes));
            }
        }

        JobsPerHour = jobsPerHour;
        jobsPerSecond = jobsPerHour / 3600;
        this.seed = seed;
    }

    /// <summary>Gets the arrival rate in jobs per hour.</summary>
    public double JobsPerHour { get; }

    /// <summary>Reads the (duration_s, num_gpus) pairs of Gavel's <c>philly_job_distribution.csv</c>.</summary>
    /// <param name="reader">The CSV text, starting at the header <c>duration_s,num_gpus</c>.</param>
    /// <param name="source">The file name used in error messages.</param>
    /// <returns>The pairs in file order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> or <paramref name="source"/> is null.</exception>
    /// <exception cref="TraceFormatException">The header or a line is malformed.</exception>
    public static IReadOnlyList<JobSize> ReadJobSizes(TextReader reader, string source = "philly_job_distribution.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var sizes = new List<JobSize>();
        long lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!line.StartsWith("duration_s,num_gpus", StringComparison.Ordinal))
                {
                    throw new TraceFormatException(source, lineNumber, null, "expected the header 'duration_s,num_gpus'.");
                }

                continue;
            }

            if (line.Length == 0)
            {
                continue;
            }

            int comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || line.IndexOf(',', comma + 1) >= 0)
            {
                throw new TraceFormatException(source, lineNumber, null, "expected 2 comma-separated fields (duration_s,num_gpus).");
            }

            string durationText = line[..comma];
            string gpusText = line[(comma + 1)..];
            if (!double.TryParse(durationText, NumberStyles.Float, CultureInfo.InvariantCulture, out double duration) || !double.IsFinite(duration) || duration <= 0)
            {
                throw new TraceFormatException(source, lineNumber, "duration_s", $"'{durationText}' is not a finite duration greater than 0 seconds.");
            }

            if (!int.TryParse(gpusText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int gpus) || gpus < 1)
            {
                throw new TraceFormatException(source, lineNumber, "num_gpus", $"'{gpusText}' is not a whole number of GPUs at least 1.");
            }

            sizes.Add(new JobSize(duration, gpus));
        }

        return sizes;
    }

    /// <summary>Generates the workload: an infinite, lazy stream of jobs in arrival order.</summary>
    /// <returns>The jobs; each enumeration starts again from the seed and yields the same stream.</returns>
    public IEnumerable<TraceJob> Generate()
    {
        var random = new Random(seed);
        double time = 0;
        for (long index = 0; ; index++)
        {
            if (index > 0)
            {
                time += -Math.Log(1 - random.NextDouble()) / jobsPerSecond;
            }

            JobSize size = jobSizes[random.Next(jobSizes.Length)];
            string type = jobTypes[random.Next(jobTypes.Length)];
            yield return new TraceJob(index.ToString(CultureInfo.InvariantCulture), time, size.Gpus)
            {
                Duration = size.DurationSeconds,
                JobType = type,
            };
        }
    }
}
