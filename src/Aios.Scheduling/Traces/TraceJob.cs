using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Traces;

/// <summary>
/// One job of a cluster trace: when it arrives, how many GPUs it asks for, and what the trace says about how long it
/// runs or how fast it trains on each device type.
/// </summary>
/// <remarks>
/// Every property validates its value when set, so a job that exists is a valid job. Times are seconds relative to the
/// trace's origin (its earliest submit, or time 0 of a Gavel trace). Gavel traces give training steps and per-device
/// throughputs instead of a duration; <see cref="TryGetDurationOn"/> turns them into seconds.
/// </remarks>
public sealed record TraceJob
{
    private readonly string id = "";
    private readonly double submitTime;
    private readonly int gpus = 1;
    private readonly double? duration;
    private readonly string? jobType;
    private readonly string? queue;
    private readonly double priority = 1;
    private readonly long? totalSteps;
    private readonly int scaleFactor = 1;
    private readonly IReadOnlyDictionary<string, double> throughputs = NoThroughputs;

    internal static readonly IReadOnlyDictionary<string, double> NoThroughputs = FrozenDictionary<string, double>.Empty;

    /// <summary>
    /// The largest submit time and the longest duration a job may have: 1e11 seconds, about 3,170 years.
    /// </summary>
    /// <remarks>
    /// The simulator keeps time in 100 ns ticks of a 64-bit clock (<see cref="Simulation.SimulationJob.MaxSubmitTime"/>
    /// is the same bound), so later times cannot be represented. Epoch milliseconds (about 1.7e12) or nanoseconds given
    /// as seconds are beyond it, and readers reject them instead of replaying a trace that never starts.
    /// </remarks>
    public const double MaxSeconds = 1e11;

    /// <summary>Creates a job with the required fields; the others take their defaults and can be set with an object initializer.</summary>
    /// <param name="id">The job's identifier within its trace; not empty.</param>
    /// <param name="submitTime">The submit (arrival) time in seconds from the trace's origin; from 0 to <see cref="MaxSeconds"/>.</param>
    /// <param name="gpus">The number of GPUs the job asks for; at least 1.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="submitTime"/> or <paramref name="gpus"/> is out of range.</exception>
    public TraceJob(string id, double submitTime, int gpus)
    {
        Id = id;
        SubmitTime = submitTime;
        Gpus = gpus;
    }

    /// <summary>Gets the job's identifier within its trace (not empty).</summary>
    /// <exception cref="ArgumentException">Set to an empty string.</exception>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    public string Id
    {
        get => id;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Id));
            id = value;
        }
    }

    /// <summary>Gets the submit (arrival) time in seconds from the trace's origin; from 0 to <see cref="MaxSeconds"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative or NaN value, or one above <see cref="MaxSeconds"/>.</exception>
    public double SubmitTime
    {
        get => submitTime;
        init => submitTime = NonNegativeFinite(value, nameof(SubmitTime));
    }

    /// <summary>Gets the number of GPUs the job asks for (at least 1); for Gavel jobs, the scale factor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int Gpus
    {
        get => gpus;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Gpus));
            gpus = value;
        }
    }

    /// <summary>Gets the run time in seconds when the trace gives it (greater than 0, at most <see cref="MaxSeconds"/>), or null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative or NaN value, or one above <see cref="MaxSeconds"/>.</exception>
    public double? Duration
    {
        get => duration;
        init
        {
            if (value is double seconds && !(seconds > 0 && seconds <= MaxSeconds))
            {
                throw new ArgumentOutOfRangeException(nameof(Duration), seconds, $"A duration must be greater than 0 and at most {MaxSeconds:G} seconds, or null when unknown.");
            }

            duration = value;
        }
    }

    /// <summary>Gets the job's type (a Gavel model such as "ResNet-18 (batch size 16)"), or null; never empty.</summary>
    /// <exception cref="ArgumentException">Set to an empty string.</exception>
    public string? JobType
    {
        get => jobType;
        init => jobType = NullOrNonEmpty(value, nameof(JobType));
    }

    /// <summary>Gets the queue the job was submitted to (Philly's virtual cluster), or null; never empty.</summary>
    /// <exception cref="ArgumentException">Set to an empty string.</exception>
    public string? Queue
    {
        get => queue;
        init => queue = NullOrNonEmpty(value, nameof(Queue));
    }

    /// <summary>Gets the job's priority weight (Gavel's priority weight); finite and greater than 0, 1 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero, a negative, NaN or infinite value.</exception>
    public double Priority
    {
        get => priority;
        init
        {
            if (!(double.IsFinite(value) && value > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(Priority), value, "A priority weight must be finite and greater than 0.");
            }

            priority = value;
        }
    }

    /// <summary>Gets the number of training steps the job runs (Gavel), or null; at least 1 when given.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public long? TotalSteps
    {
        get => totalSteps;
        init
        {
            if (value is long steps)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1L, nameof(TotalSteps));
            }

            totalSteps = value;
        }
    }

    /// <summary>Gets Gavel's scale factor: the number of workers the job trains on (at least 1, 1 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to less than 1.</exception>
    public int ScaleFactor
    {
        get => scaleFactor;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(ScaleFactor));
            scaleFactor = value;
        }
    }

    /// <summary>
    /// Gets the job's isolated throughput in steps per second on each device type ("k80", "p100", "v100"); empty when
    /// unknown. Every value is finite and greater than 0.
    /// </summary>
    /// <exception cref="ArgumentNullException">Set to null.</exception>
    /// <exception cref="ArgumentException">Set to a map with an empty key or a value that is not finite and positive.</exception>
    public IReadOnlyDictionary<string, double> Throughputs
    {
        get => throughputs;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Throughputs));
            foreach (KeyValuePair<string, double> pair in value)
            {
                if (string.IsNullOrEmpty(pair.Key) || !(double.IsFinite(pair.Value) && pair.Value > 0))
                {
                    throw new ArgumentException($"Throughput '{pair.Key}' = {pair.Value}: every device type must be named and every throughput finite and greater than 0 steps/s.", nameof(Throughputs));
                }
            }

            throughputs = value;
        }
    }

    /// <summary>Computes how long the job runs alone on a device type: <see cref="TotalSteps"/> divided by its throughput there.</summary>
    /// <param name="deviceType">The device type, e.g. "v100".</param>
    /// <param name="seconds">The run time in seconds, when known.</param>
    /// <returns>True when the job has total steps and a throughput on <paramref name="deviceType"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="deviceType"/> is null.</exception>
    public bool TryGetDurationOn(string deviceType, out double seconds)
    {
        ArgumentNullException.ThrowIfNull(deviceType);
        if (totalSteps is long steps && throughputs.TryGetValue(deviceType, out double stepsPerSecond))
        {
            seconds = steps / stepsPerSecond;
            return true;
        }

        seconds = 0;
        return false;
    }

    /// <summary>Compares every property; <see cref="Throughputs"/> by content (same device types, equal values).</summary>
    /// <param name="other">The job to compare with.</param>
    /// <returns>True when both jobs hold equal values.</returns>
    public bool Equals(TraceJob? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null
            || id != other.id
            || !submitTime.Equals(other.submitTime)
            || gpus != other.gpus
            || !Nullable.Equals(duration, other.duration)
            || jobType != other.jobType
            || queue != other.queue
            || !priority.Equals(other.priority)
            || totalSteps != other.totalSteps
            || scaleFactor != other.scaleFactor
            || throughputs.Count != other.throughputs.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, double> pair in throughputs)
        {
            if (!other.throughputs.TryGetValue(pair.Key, out double value) || !value.Equals(pair.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Hashes the properties that <see cref="Equals(TraceJob)"/> compares (throughputs by count).</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(id, submitTime, gpus, duration, jobType, queue), priority, totalSteps, scaleFactor, throughputs.Count);

    /// <summary>
    /// Shifts submit times so that the earliest job of <paramref name="jobs"/> arrives at 0: a replay of part of a trace
    /// (the first N jobs of a Philly file, whose origin is the whole file's earliest submit) then starts at once instead
    /// of idling until its first arrival.
    /// </summary>
    /// <param name="jobs">The jobs, in any order.</param>
    /// <returns>The jobs in the same order, each submitted <c>SubmitTime - earliest</c> seconds after the new origin.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="jobs"/> is null or holds null.</exception>
    public static List<TraceJob> RebaseSubmitTimes(IEnumerable<TraceJob> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var list = new List<TraceJob>(jobs);
        double earliest = double.PositiveInfinity;
        foreach (TraceJob job in list)
        {
            ArgumentNullException.ThrowIfNull(job, nameof(jobs));
            earliest = Math.Min(earliest, job.SubmitTime);
        }

        for (int i = 0; i < list.Count; i++)
        {
            list[i] = list[i] with { SubmitTime = list[i].SubmitTime - earliest };
        }

        return list;
    }

    private static double NonNegativeFinite(double value, string name)
    {
        if (!(value >= 0 && value <= MaxSeconds))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be from 0 to {MaxSeconds:G} seconds.");
        }

        return value;
    }

    private static string? NullOrNonEmpty(string? value, string name)
    {
        if (value is not null && value.Length == 0)
        {
            throw new ArgumentException($"{name} must be null (unknown) or a non-empty string.", name);
        }

        return value;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, SubmitTime = {SubmitTime}, Gpus = {Gpus}, Duration = {Duration}, JobType = {JobType}, Queue = {Queue}, Priority = {Priority}, TotalSteps = {TotalSteps}, ScaleFactor = {ScaleFactor}, Throughputs = {Printing.Dictionary(Throughputs)}");
        return true;
    }
}
