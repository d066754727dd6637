namespace Aios.Scheduling.Sharing;

/// <summary>What a <see cref="GpuShareRequest"/> asks of the GPUs.</summary>
public enum GpuShareKind
{
    /// <summary>No GPU: CPU and memory of a node only.</summary>
    None,

    /// <summary>A share of one GPU (<see cref="GpuShareRequest.GpuMilli"/> 1–999 milli-GPU), which the GPU may share with other fractions.</summary>
    Fraction,

    /// <summary>Whole GPUs: <see cref="GpuShareRequest.GpuCount"/> fully free GPUs of one node.</summary>
    Whole,

    /// <summary>A MIG GPU instance of the profile <see cref="GpuShareRequest.MigProfile"/> on a MIG-capable GPU.</summary>
    Mig,
}
