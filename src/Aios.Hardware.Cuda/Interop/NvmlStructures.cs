using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aios.Hardware.Cuda.Interop;

// Layouts follow the field lists documented in nvml.h (NVML API reference, "Device Structs"); all fields are
// naturally aligned, so sequential layout reproduces the C ABI on x86-64 and aarch64 Linux.

/// <summary><c>nvmlMemory_t</c>: total, free and used framebuffer memory in bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlMemory
{
    public ulong Total;
    public ulong Free;
    public ulong Used;
}

/// <summary><c>nvmlUtilization_t</c>: percent of the last sample period the GPU and the memory were busy.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlUtilization
{
    public uint Gpu;
    public uint Memory;
}

/// <summary>
/// <c>nvmlPciInfo_t</c> as filled by <c>nvmlDeviceGetPciInfo_v3</c>: a 16-byte legacy bus id, domain, bus, device,
/// PCI device id, subsystem id, then the 32-byte bus id (<c>NVML_DEVICE_PCI_BUS_ID_BUFFER_SIZE</c>).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlPciInfo
{
    public LegacyBusIdBuffer BusIdLegacy;
    public uint Domain;
    public uint Bus;
    public uint Device;
    public uint PciDeviceId;
    public uint PciSubSystemId;
    public BusIdBuffer BusId;

    [InlineArray(16)]
    internal struct LegacyBusIdBuffer
    {
        private byte _element;
    }

    [InlineArray(32)]
    internal struct BusIdBuffer
    {
        private byte _element;
    }
}

/// <summary><c>nvmlDeviceAttributes_t</c> as filled by <c>nvmlDeviceGetAttributes_v2</c> (MIG device handles).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlDeviceAttributes
{
    public uint MultiprocessorCount;
    public uint SharedCopyEngineCount;
    public uint SharedDecoderCount;
    public uint SharedEncoderCount;
    public uint SharedJpegCount;
    public uint SharedOfaCount;
    public uint GpuInstanceSliceCount;
    public uint ComputeInstanceSliceCount;
    public ulong MemorySizeMB;
}
