namespace Aios.Hardware.OpenCL.Interop;

/// <summary>
/// Enumerants from the Khronos headers (<c>CL/cl.h</c>, <c>CL/cl_ext.h</c>) used by this package.
/// </summary>
internal static class OpenCLConstants
{
    internal const int Success = 0;
    internal const int DeviceNotFound = -1;
    internal const int PlatformNotFoundKhr = -1001;

    internal const uint PlatformVersion = 0x0901;
    internal const uint PlatformName = 0x0902;
    internal const uint PlatformVendor = 0x0903;

    internal const ulong DeviceTypeCpu = 1 << 1;
    internal const ulong DeviceTypeGpu = 1 << 2;
    internal const ulong DeviceTypeAccelerator = 1 << 3;
    internal const ulong DeviceTypeCustom = 1 << 4;
    internal const ulong DeviceTypeAll = 0xFFFFFFFF;

    internal const uint DeviceType = 0x1000;
    internal const uint DeviceVendorId = 0x1001;
    internal const uint DeviceMaxComputeUnits = 0x1002;
    internal const uint DeviceMaxWorkGroupSize = 0x1004;
    internal const uint DeviceMaxClockFrequency = 0x100C;
    internal const uint DeviceMaxMemAllocSize = 0x1010;
    internal const uint DeviceGlobalMemSize = 0x101F;
    internal const uint DeviceLocalMemSize = 0x1023;
    internal const uint DeviceAvailable = 0x1027;
    internal const uint DeviceName = 0x102B;
    internal const uint DeviceVendor = 0x102C;
    internal const uint DriverVersion = 0x102D;
    internal const uint DeviceVersion = 0x102F;
    internal const uint DeviceExtensions = 0x1030;
    internal const uint DeviceDoubleFpConfig = 0x1032;
    internal const uint DeviceOpenCLCVersion = 0x103D;
    internal const uint DevicePartitionMaxSubDevices = 0x1043;
    internal const uint DevicePartitionProperties = 0x1044;
    internal const uint DevicePartitionAffinityDomain = 0x1045;
    internal const uint DeviceUuidKhr = 0x106A;
    internal const uint DevicePciBusInfoKhr = 0x410F;

    internal const nint DevicePartitionEqually = 0x1086;
    internal const nint DevicePartitionByAffinityDomain = 0x1088;
    internal const nint DeviceAffinityDomainNuma = 1 << 0;

    internal const ulong QueueProfilingEnable = 1 << 1;

    internal const ulong MemReadWrite = 1 << 0;
    internal const ulong MemWriteOnly = 1 << 1;
    internal const ulong MemReadOnly = 1 << 2;
    internal const ulong MemCopyHostPointer = 1 << 5;

    internal const uint ProgramBuildLog = 0x1183;

    internal const uint ProfilingCommandStart = 0x1282;
    internal const uint ProfilingCommandEnd = 0x1283;
}
