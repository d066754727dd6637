namespace Aios.Data.Synthetic;

/// <summary>One tensor to write into a synthetic safetensors file.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="Dtype">Its dtype as safetensors spells it (<c>F32</c>, <c>BF16</c>, …).</param>
/// <param name="Shape">Its dimensions.</param>
/// <param name="Data">Its bytes (elements × dtype size).</param>
public sealed record SyntheticTensor(string Name, string Dtype, long[] Shape, byte[] Data);
