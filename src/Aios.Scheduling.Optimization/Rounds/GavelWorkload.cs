using System.Globalization;
using Aios.Scheduling.Traces;

namespace Aios.Scheduling.Optimization;

/// <summary>
/// Gavel's synthetic workload (Narayanan et al., OSDI 2020, §7.1 and its simulator's job generator): Poisson arrivals,
/// job types drawn uniformly from the throughputs table, scale factors from the Philly-derived mix and durations from
/// a log-uniform mix, turned into steps on a reference device type.
/// </summary>
/// <remarks>
/// <para>Per job, from one seeded <see cref="Random"/> in this order: the inter-arrival gap, exponential with mean
/// 3600 / <see cref="JobsPerHour"/> seconds (by inversion, the first job arrives at 0); the scale factor, 1 with
/// probability 0.7, 2 with 0.1, 4 with 0.15 and 8 with 0.05 (Gavel's multi-GPU setting; always 1 when
/// <see cref="MultiGpu"/> is false); the job type, uniform over the types whose isolated throughput on
/// <see cref="ReferenceDeviceType"/> at that scale factor is known (Gavel redraws a type until it supports the scale
/// factor; a scale factor no type supports falls back to 1); the duration, 60·10^x seconds with x uniform on [1.5, 3] with probability 0.8 and on [3, 4] otherwise
/// (10^1.5 ≈ 32 minutes to 10^4 minutes ≈ 7 days, Gavel's §7.1). Steps are the duration times the job's isolated
/// throughput on the reference type: Gavel's generator measures durations on the V100 (its default reference worker
/// type), so a job takes its drawn duration when it runs alone on V100s.</para>
/// <para>Each <see cref="TraceJob"/> carries the isolated throughputs on <see cref="GavelThroughputs.DefaultDeviceTypes"/>
/// (leaving out types the table lacks), its <see cref="TraceJob.TotalSteps"/>, <see cref="TraceJob.ScaleFactor"/> (also
/// its <see cref="TraceJob.Gpus"/>) and <see cref="TraceJob.JobType"/>; <see cref="TraceJob.Id"/> is its 0-based index.
/// The same table, options and seed give the same stream on every platform.</para>
/// </remarks>
public sealed class GavelWorkload
{
    private static readonly int[] ScaleFactors = [1, 2, 4, 8];
    private readonly GavelThroughputs throughputs;
    private readonly string[][] typesByScale;

    /// <summary>Creates a generator.</summary>
    /// <param name="throughputs">The throughputs table the job types and their throughputs come from.</param>
    /// <param name="jobsPerHour">The arrival rate in jobs per hour; finite and &gt; 0.</param>
    /// <param name="seed">The seed of the random stream.</param>
    /// <param name="multiGpu">Whether to draw scale factors above 1 (Gavel's multi-GPU traces) or keep every job on one GPU.</param>
    /// <param name="referenceDeviceType">The device type durations are measured on; Gavel's is "v100".</param>
    /// <exception cref="ArgumentNullException"><paramref name="throughputs"/> or <paramref name="referenceDeviceType"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="jobsPerHour"/> is not finite and &gt; 0.</exception>
    /// <exception cref="ArgumentException">The table has no job type with a throughput on the reference type at scale factor 1.</exception>
    public GavelWorkload(GavelThroughputs throughputs, double jobsPerHour, int seed, bool multiGpu = true, string referenceDeviceType = "v100")
    {
        ArgumentNullException.ThrowIfNull(throughputs);
        ArgumentNullException.ThrowIfNull(referenceDeviceType);
        if (!(double.IsFinite(jobsPerHour) && jobsPerHour > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(jobsPerHour), jobsPerHour, "The arrival rate must be finite and > 0 jobs per hour.");
        }

        this.throughputs = throughputs;
        JobsPerHour = jobsPerHour;
        Seed = seed;
        MultiGpu = multiGpu;
        ReferenceDeviceType = referenceDeviceType;
        typesByScale = new string[ScaleFactors.Length][];
        for (int index = 0; index < ScaleFactors.Length; index++)
        {
            int scale = ScaleFactors[index];
            typesByScale[index] = [.. throughputs.JobTypes.Where(type => throughputs.TryGetIsolatedThroughput(referenceDeviceType, type, scale, out _))];
        }

        if (typesByScale[0].Length == 0)
        {
            throw new ArgumentException($"The throughputs table has no job type with an isolated throughput on '{referenceDeviceType}' at scale factor 1.", nameof(throughputs));
        }
    }

    /// <summary>Gets the arrival rate in jobs per hour.</summary>
    public double JobsPerHour { get; }

    /// <summary>Gets the seed.</summary>
    public int Seed { get; }

    /// <summary>Gets whether scale factors above 1 are drawn.</summary>
    public bool MultiGpu { get; }

    /// <summary>Gets the device type durations are measured on.</summary>
    public string ReferenceDeviceType { get; }

    /// <summary>Generates the workload: an infinite, lazy stream of jobs in arrival order.</summary>
    /// <returns>The jobs; each enumeration starts again from the seed.</returns>
    public IEnumerable<TraceJob> Generate()
    {
        var random = new Random(Seed);
        double jobsPerSecond = JobsPerHour / 3600;
        double time = 0;
        for (long index = 0; ; index++)
        {
            if (index > 0)
            {
                time += -Math.Log(1 - random.NextDouble()) / jobsPerSecond;
            }

            int scaleIndex = MultiGpu ? DrawScaleIndex(random.NextDouble()) : 0;
            if (typesByScale[scaleIndex].Length == 0)
            {
                scaleIndex = 0;
            }

            int scale = ScaleFactors[scaleIndex];
            string type = typesByScale[scaleIndex][random.Next(typesByScale[scaleIndex].Length)];
            double exponent = random.NextDouble() < 0.8 ? 1.5 + (1.5 * random.NextDouble()) : 3 + random.NextDouble();
            double duration = 60 * Math.Pow(10, exponent);
            throughputs.TryGetIsolatedThroughput(ReferenceDeviceType, type, scale, out double reference);
            long steps = Math.Max(1, (long)Math.Round(duration * reference));
            yield return new TraceJob(index.ToString(CultureInfo.InvariantCulture), time, scale)
            {
                ScaleFactor = scale,
                TotalSteps = steps,
                JobType = type,
                Throughputs = throughputs.GetIsolatedThroughputs(type, scale),
            };
        }
    }

    /// <summary>Gavel's scale-factor mix: 1 below 0.7, 2 below 0.8, 4 below 0.95, else 8 (the index into 1, 2, 4, 8).</summary>
    internal static int DrawScaleIndex(double uniform) => uniform < 0.7 ? 0 : uniform < 0.8 ? 1 : uniform < 0.95 ? 2 : 3;
}
