namespace Aios.Hardware;

/// <summary>What a device is, coarsely: the first thing a workload filters on.</summary>
public enum DeviceKind
{
    /// <summary>A general-purpose processor (a socket, or the host's CPUs as one device).</summary>
    Cpu,

    /// <summary>A graphics processor used for compute (NVIDIA, AMD, Intel, …).</summary>
    Gpu,

    /// <summary>A field-programmable gate array.</summary>
    Fpga,

    /// <summary>Another fixed-function accelerator: NPU, TPU, inference ASIC.</summary>
    Accelerator,

    /// <summary>Anything else a provider reports.</summary>
    Other,
}
