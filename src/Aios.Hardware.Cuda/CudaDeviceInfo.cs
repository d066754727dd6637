namespace Aios.Hardware.Cuda;

/// <summary>What the CUDA driver API says about one device, to be joined to NVML's view by UUID.</summary>
internal readonly record struct CudaDeviceInfo(Version ComputeCapability, int MultiprocessorCount);
