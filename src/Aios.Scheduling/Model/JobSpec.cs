using System.Globalization;
using System.Text;

namespace Aios.Scheduling.Model;

/// <summary>A job to schedule: who it belongs to, how important it is, and what each of its replicas needs.</summary>
/// <remarks>
/// <para>How fast a job progresses: with <see cref="TotalWork"/> and <see cref="Throughputs"/> the job completes
/// <c>Throughputs[type]</c> work units per second when its replicas run on devices of that type (Gavel's throughput
/// matrix, e.g. training steps per second of the whole job); otherwise it runs for <see cref="Duration"/> seconds on any
/// type. A job with neither has an unknown length: policies that need one (SRTF, backfill) treat it as unbounded.</para>
/// <para>A gang job (the default) starts with all its replicas or not at all. A non-gang job starts with as many
/// replicas as fit (at least one) and progresses in proportion to the replicas it holds.</para>
/// </remarks>
public sealed record JobSpec
{
    /// <summary>Creates a job of <paramref name="replicas"/> replicas, each needing <paramref name="request"/>.</summary>
    /// <param name="id">The job's identifier, unique among the scheduler's jobs; not empty.</param>
    /// <param name="replicas">The number of replicas; ≥ 1.</param>
    /// <param name="request">What each replica needs.</param>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="id"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="replicas"/> is less than 1, or <paramref name="request"/> asks for GPU memory without a share of a GPU.</exception>
    public JobSpec(string id, int replicas, ReplicaRequest request)
    {
        Id = id;
        Replicas = replicas;
        Request = request;
    }

    /// <summary>Creates a single-replica job needing <paramref name="gpus"/> GPUs of any type on one node.</summary>
    /// <param name="id">The job's identifier; not empty.</param>
    /// <param name="gpus">GPUs; ≥ 0.</param>
    /// <returns>The job.</returns>
    public static JobSpec WithGpus(string id, int gpus) => new(id, 1, new ReplicaRequest(gpus));

    /// <summary>Gets the job's identifier.</summary>
    public string Id
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Id));
            field = value;
        }
    } = "";

    /// <summary>Gets the number of replicas (≥ 1).</summary>
    public int Replicas
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(Replicas));
            field = value;
        }
    } = 1;

    /// <summary>Gets what each replica needs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a request with <see cref="ReplicaRequest.GpuMemoryBytes"/> above 0 and no <see cref="ReplicaRequest.GpuMilli"/>, or a share with <see cref="ReplicaRequest.Gpus"/> other than 1.</exception>
    public ReplicaRequest Request
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Request));
            if (value.GpuMilli > 0 && value.Gpus != 1)
            {
                throw new ArgumentOutOfRangeException(nameof(Request), value.GpuMilli, $"A request for a share of a GPU (GpuMilli 1–{ReplicaRequest.MaxGpuMilli}) must ask for Gpus 1, not {value.Gpus}.");
            }

            if (value.GpuMemoryBytes > 0 && value.GpuMilli == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(Request), value.GpuMemoryBytes, "GPU memory (GpuMemoryBytes above 0) may be asked for only with a share of a GPU (GpuMilli 1–999).");
            }

            field = value;
        }
    } = new(0);

    /// <summary>Gets the leaf queue (tenant) the job is submitted to; default <c>"default"</c>.</summary>
    public string Queue
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrEmpty(value, nameof(Queue));
            field = value;
        }
    } = QueueSpec.DefaultName;

    /// <summary>Gets the priority: higher runs first under the priority ordering; any integer, default 0.</summary>
    public int Priority { get; init; }

    /// <summary>Gets whether all replicas must start together (default true).</summary>
    public bool Gang { get; init; } = true;

    /// <summary>Gets the expected run time in seconds when the job holds all its replicas; finite and &gt; 0, or null when unknown.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not finite and positive.</exception>
    public double? Duration
    {
        get;
        init
        {
            Guard.FinitePositiveOrNull(value, nameof(Duration));

            field = value;
        }
    }

    /// <summary>Gets the job's total work in the units of <see cref="Throughputs"/> (e.g. training steps); finite and &gt; 0, or null.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a value that is not finite and positive.</exception>
    public double? TotalWork
    {
        get;
        init
        {
            Guard.FinitePositiveOrNull(value, nameof(TotalWork));

            field = value;
        }
    }

    /// <summary>Gets the work units per second the whole job completes on each device type (Gavel's throughput matrix row), or null.</summary>
    /// <remarks>A type missing from the map, or with throughput 0, is one the job cannot run on.</remarks>
    public IReadOnlyDictionary<string, double>? Throughputs { get; init; }

    /// <summary>Gets whether the job may be preempted (default true).</summary>
    public bool Preemptible { get; init; } = true;

    /// <summary>Gets the seconds a restart after a preemption costs before the job makes progress again; finite and ≥ 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or infinite value.</exception>
    public double RestartOverhead
    {
        get;
        init
        {
            Guard.FiniteNonNegative(value, nameof(RestartOverhead));
            field = value;
        }
    }

    /// <summary>Gets the GPUs of all replicas together.</summary>
    public long TotalGpus => (long)Replicas * Request.Gpus;

    /// <summary>Gets the fraction of the job completed per second on <paramref name="deviceType"/> with all replicas placed.</summary>
    /// <param name="deviceType">The device type the replicas run on.</param>
    /// <returns>The rate in 1/s, or 0 when the job's length is unknown or it cannot run on the type.</returns>
    public double ProgressRateOn(string deviceType)
    {
        if (TotalWork is { } work && Throughputs is not null)
        {
            return Throughputs.TryGetValue(deviceType, out double throughput) && throughput > 0 && double.IsFinite(throughput) ? throughput / work : 0;
        }

        return Duration is { } seconds ? 1 / seconds : 0;
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, Replicas = {Replicas}, Request = {Request}, Queue = {Queue}, Priority = {Priority}, Gang = {Gang}, Duration = {Duration}, TotalWork = {TotalWork}, Throughputs = {Printing.Dictionary(Throughputs)}, Preemptible = {Preemptible}, RestartOverhead = {RestartOverhead}, TotalGpus = {TotalGpus}");
        return true;
    }
}
