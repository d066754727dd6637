namespace Aios.Serving.Planning;

/// <summary>
/// What the planner needs to know of a model: its name, parameter count and weight bytes, and optionally the KV-cache
/// bytes each token of context holds. The model registry fills it from a registered version; the command line fills it
/// from <c>--parameters</c> and <c>--weight-bytes</c>.
/// </summary>
public sealed record ServedModel
{
    /// <summary>Creates a model description.</summary>
    /// <param name="name">The model's name (for plans and reports).</param>
    /// <param name="parameterCount">The number of parameters: finite, &gt; 0.</param>
    /// <param name="weightBytes">The bytes of the weights as served: &gt; 0.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A number is out of range.</exception>
    public ServedModel(string name, double parameterCount, long weightBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Guard.FinitePositive(parameterCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(weightBytes);
        Name = name;
        ParameterCount = parameterCount;
        WeightBytes = weightBytes;
    }

    /// <summary>Gets the model's name.</summary>
    public string Name { get; }

    /// <summary>Gets the number of parameters.</summary>
    public double ParameterCount { get; }

    /// <summary>Gets the bytes of the weights as served.</summary>
    public long WeightBytes { get; }

    /// <summary>
    /// Gets the KV-cache bytes per token of context, or null to estimate it (<see cref="EstimatedKvCacheBytesPerToken"/>).
    /// Llama-2-7B (32 layers, 4,096 wide, fp16) holds 2·32·4,096·2 = 524,288 bytes a token; grouped-query attention
    /// cuts it (Llama-3-8B: 2·32·8·128·2 = 131,072).
    /// </summary>
    public double? KvCacheBytesPerToken
    {
        get;
        init
        {
            Guard.FinitePositiveOrNull(value);
            field = value;
        }
    }

    /// <summary>
    /// Gets <see cref="KvCacheBytesPerToken"/>, or an estimate for a dense multi-head-attention transformer in 16-bit
    /// precision: with P ≈ 12·L·h² parameters and L ≈ h/128 layers (Llama-2's proportions), h = (128·P/12)^(1/3) and
    /// the cache holds a key and a value of h two-byte numbers per layer: 4·L·h bytes (about 0.55 MB for 7B).
    /// </summary>
    public double EstimatedKvCacheBytesPerToken
    {
        get
        {
            if (KvCacheBytesPerToken is { } known)
            {
                return known;
            }

            double width = Math.Cbrt(128 * ParameterCount / 12);
            double layers = Math.Max(1, width / 128);
            return 4 * layers * width;
        }
    }

    /// <summary>A model of <paramref name="parameterCount"/> parameters stored in 16-bit precision (2 bytes each).</summary>
    /// <param name="name">The name.</param>
    /// <param name="parameterCount">The parameter count: finite, ≥ 1.</param>
    /// <returns>The description, with the KV cache estimated.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameterCount"/> is out of range.</exception>
    public static ServedModel FromParameters(string name, double parameterCount)
    {
        Guard.FinitePositive(parameterCount);
        return new ServedModel(name, parameterCount, (long)Math.Ceiling(Math.Max(1, parameterCount) * 2));
    }
}
