namespace Aios.Serving.Registry;

/// <summary>One file of a model version.</summary>
/// <param name="Path">The path relative to the model's folder, with <c>/</c> separators.</param>
/// <param name="Length">The file's length in bytes.</param>
/// <param name="IsSafetensors">Whether it is a safetensors file (chunked at tensor boundaries; its tensors are in <see cref="ModelVersion.Tensors"/>).</param>
public sealed record ModelFile(string Path, long Length, bool IsSafetensors);
