using System.Globalization;

namespace Aios.Serving.Planning;

/// <summary>
/// One replica of a model on <see cref="GpusPerReplica"/> devices of one type, as the replay and the planner see it:
/// prefill throughput (compute-bound), the decode step time t(b) = a + c·b of a batch of b sequences (memory-bound:
/// the weights once, each sequence's KV cache), how many sequences and KV tokens it holds, its cold start and its price.
/// Derive it from a model and a device with <see cref="Derive"/>, or construct it from measured numbers.
/// </summary>
public sealed record ReplicaProfile
{
    /// <summary>Creates a profile from measured or derived figures.</summary>
    /// <param name="deviceType">The device type.</param>
    /// <param name="gpusPerReplica">Devices per replica: ≥ 1.</param>
    /// <param name="prefillTokensPerSecond">Prompt tokens a prefill processes per second: finite, &gt; 0.</param>
    /// <param name="decodeStepBaseSeconds">a, the decode step time of an empty batch (weights read): finite, &gt; 0.</param>
    /// <param name="decodeStepPerSequenceSeconds">c, what each sequence in the batch adds to a step: finite, ≥ 0.</param>
    /// <param name="maxBatchSize">The most sequences decoded together: ≥ 1.</param>
    /// <param name="kvCacheTokens">The KV-cache capacity in tokens: ≥ 1.</param>
    /// <param name="coldStartSeconds">Seconds from asking for a replica until it serves: finite, ≥ 0.</param>
    /// <param name="costPerHour">Price of the replica (all its devices) per hour: finite, ≥ 0.</param>
    /// <exception cref="ArgumentException"><paramref name="deviceType"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public ReplicaProfile(string deviceType, int gpusPerReplica, double prefillTokensPerSecond, double decodeStepBaseSeconds, double decodeStepPerSequenceSeconds, int maxBatchSize, long kvCacheTokens, double coldStartSeconds, double costPerHour)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceType);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerReplica, 1);
        Guard.FinitePositive(prefillTokensPerSecond);
        Guard.FinitePositive(decodeStepBaseSeconds);
        Guard.FiniteNonNegative(decodeStepPerSequenceSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(kvCacheTokens, 1);
        Guard.FiniteNonNegative(coldStartSeconds);
        Guard.FiniteNonNegative(costPerHour);
        DeviceType = deviceType;
        GpusPerReplica = gpusPerReplica;
        PrefillTokensPerSecond = prefillTokensPerSecond;
        DecodeStepBaseSeconds = decodeStepBaseSeconds;
        DecodeStepPerSequenceSeconds = decodeStepPerSequenceSeconds;
        MaxBatchSize = maxBatchSize;
        KvCacheTokens = kvCacheTokens;
        ColdStartSeconds = coldStartSeconds;
        CostPerHour = costPerHour;
    }

    /// <summary>vLLM's default limit of sequences in a batch (<c>max_num_seqs</c>).</summary>
    public const int DefaultMaxBatchSize = 256;

    /// <summary>Gets the device type.</summary>
    public string DeviceType { get; }

    /// <summary>Gets the devices per replica.</summary>
    public int GpusPerReplica { get; }

    /// <summary>Gets the prompt tokens a prefill processes per second.</summary>
    public double PrefillTokensPerSecond { get; }

    /// <summary>Gets a, the decode step time with no sequence (the weights read once), in seconds.</summary>
    public double DecodeStepBaseSeconds { get; }

    /// <summary>Gets c, the seconds each sequence in the batch adds to a decode step.</summary>
    public double DecodeStepPerSequenceSeconds { get; }

    /// <summary>Gets the most sequences decoded together.</summary>
    public int MaxBatchSize { get; }

    /// <summary>Gets the KV-cache capacity in tokens (prompt and generated tokens of every sequence in the batch).</summary>
    public long KvCacheTokens { get; }

    /// <summary>Gets the seconds from asking for a replica until it serves.</summary>
    public double ColdStartSeconds { get; }

    /// <summary>Gets the replica's price per hour (all its devices).</summary>
    public double CostPerHour { get; }

    /// <summary>The decode step time t(b) = a + c·b of a batch of <paramref name="batchSize"/> sequences, in seconds.</summary>
    /// <param name="batchSize">The sequences in the batch: ≥ 0.</param>
    /// <returns>The step time.</returns>
    public double DecodeStepSeconds(int batchSize) => DecodeStepBaseSeconds + (DecodeStepPerSequenceSeconds * batchSize);

    /// <summary>The seconds a prefill of <paramref name="promptTokens"/> tokens takes.</summary>
    /// <param name="promptTokens">The prompt tokens.</param>
    /// <returns>The prefill time.</returns>
    public double PrefillSeconds(double promptTokens) => promptTokens / PrefillTokensPerSecond;

    /// <summary>
    /// Derives the replica profile of <paramref name="model"/> on <paramref name="gpusPerReplica"/> devices of
    /// <paramref name="device"/>'s type (tensor parallel), or returns false when the weights do not fit with room for
    /// at least one context of <paramref name="meanContextTokens"/> tokens.
    /// </summary>
    /// <remarks>
    /// With N devices of effective count n = 1 + (N − 1)·e (e the tensor-parallel efficiency):
    /// prefill tokens/s = n·peak·compute efficiency / (2·P) (2 FLOPs a parameter a token; Kaplan et al. 2020);
    /// a = weight bytes / (n·bandwidth·bandwidth efficiency); c = (KV bytes per token · mean context) / (n·bandwidth·bandwidth
    /// efficiency) + 2·P / (n·peak·compute efficiency) (each sequence's cache read, and its share of the step's FLOPs);
    /// KV tokens = (N·memory·memory utilisation − weight bytes) / KV bytes per token (PagedAttention wastes under 4 %,
    /// vLLM SOSP'23, so the cache is taken as fully usable); cold start = base + weight bytes / load rate; cost = N·price.
    /// </remarks>
    /// <param name="model">The model.</param>
    /// <param name="device">The device profile.</param>
    /// <param name="gpusPerReplica">Devices per replica: ≥ 1.</param>
    /// <param name="meanContextTokens">The mean context (prompt + generated) of a sequence while it decodes: finite, &gt; 0.</param>
    /// <param name="profile">The derived profile, when the model fits.</param>
    /// <returns>Whether the model fits.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public static bool TryDerive(ServedModel model, DeviceProfile device, int gpusPerReplica, double meanContextTokens, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ReplicaProfile? profile)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(gpusPerReplica, 1);
        Guard.FinitePositive(meanContextTokens);
        double effective = 1 + ((gpusPerReplica - 1) * device.TensorParallelEfficiency);
        double flops = effective * device.PeakFlops * device.ComputeEfficiency;
        double bandwidth = effective * device.MemoryBandwidthBytesPerSecond * device.BandwidthEfficiency;
        double kvBytesPerToken = model.EstimatedKvCacheBytesPerToken;
        double cacheBytes = (gpusPerReplica * (double)device.MemoryBytes * device.MemoryUtilization) - model.WeightBytes;
        long kvTokens = (long)Math.Floor(cacheBytes / kvBytesPerToken);
        if (kvTokens < meanContextTokens)
        {
            profile = null;
            return false;
        }

        profile = new ReplicaProfile(
            device.DeviceType,
            gpusPerReplica,
            prefillTokensPerSecond: flops / (2 * model.ParameterCount),
            decodeStepBaseSeconds: model.WeightBytes / bandwidth,
            decodeStepPerSequenceSeconds: (kvBytesPerToken * meanContextTokens / bandwidth) + (2 * model.ParameterCount / flops),
            maxBatchSize: DefaultMaxBatchSize,
            kvCacheTokens: kvTokens,
            coldStartSeconds: device.ColdStartBaseSeconds + (model.WeightBytes / device.WeightLoadBytesPerSecond),
            costPerHour: gpusPerReplica * device.CostPerGpuHour);
        return true;
    }

    /// <summary>Like <see cref="TryDerive"/>, but throws when the model does not fit.</summary>
    /// <param name="model">The model.</param>
    /// <param name="device">The device profile.</param>
    /// <param name="gpusPerReplica">Devices per replica: ≥ 1.</param>
    /// <param name="meanContextTokens">The mean context of a decoding sequence; default 1,024.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    /// <exception cref="InvalidOperationException">The model does not fit on the devices.</exception>
    public static ReplicaProfile Derive(ServedModel model, DeviceProfile device, int gpusPerReplica = 1, double meanContextTokens = 1024) =>
        TryDerive(model, device, gpusPerReplica, meanContextTokens, out ReplicaProfile? profile)
            ? profile
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{model.Name} ({model.WeightBytes / 1e9:0.#} GB of weights) does not fit on {gpusPerReplica} x {device.DeviceType} ({device.MemoryBytes / 1e9:0.#} GB each) with room for a {meanContextTokens:0}-token context: use more devices per replica or a larger device."));
}
