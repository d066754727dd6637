using System.Runtime.InteropServices;

namespace Aios.Hardware.OpenCL.Interop;

/// <summary>
/// Source-generated bindings to the OpenCL 1.2 host API (Khronos, The OpenCL Specification, chapters 4 and 5).
/// Handles (<c>cl_platform_id</c>, <c>cl_device_id</c>, <c>cl_context</c>, …) are opaque pointers and travel as
/// <see cref="nint"/>; <c>size_t</c> is <see cref="nuint"/>; <c>cl_bitfield</c> and <c>cl_ulong</c> are <see cref="ulong"/>.
/// The import name is resolved to the versioned ICD loader by <see cref="OpenCLLibrary"/>.
/// </summary>
internal static unsafe partial class OpenCLNative
{
    /// <summary>The name the imports are declared with; <see cref="OpenCLLibrary"/> maps it to the loaded handle.</summary>
    internal const string ImportName = "Aios.OpenCL";

    [LibraryImport(ImportName)]
    internal static partial int clGetPlatformIDs(uint numEntries, nint* platforms, uint* numPlatforms);

    [LibraryImport(ImportName)]
    internal static partial int clGetPlatformInfo(nint platform, uint paramName, nuint valueSize, void* value, nuint* valueSizeReturned);

    [LibraryImport(ImportName)]
    internal static partial int clGetDeviceIDs(nint platform, ulong deviceType, uint numEntries, nint* devices, uint* numDevices);

    [LibraryImport(ImportName)]
    internal static partial int clGetDeviceInfo(nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeReturned);

    [LibraryImport(ImportName)]
    internal static partial int clCreateSubDevices(nint device, nint* properties, uint numDevices, nint* outDevices, uint* numDevicesReturned);

    [LibraryImport(ImportName)]
    internal static partial int clReleaseDevice(nint device);

    [LibraryImport(ImportName)]
    internal static partial nint clCreateContext(nint* properties, uint numDevices, nint* devices, nint notify, nint userData, int* errorCode);

    [LibraryImport(ImportName)]
    internal static partial int clReleaseContext(nint context);

    [LibraryImport(ImportName)]
    internal static partial nint clCreateCommandQueue(nint context, nint device, ulong properties, int* errorCode);

    [LibraryImport(ImportName)]
    internal static partial int clReleaseCommandQueue(nint queue);

    [LibraryImport(ImportName)]
    internal static partial nint clCreateProgramWithSource(nint context, uint count, byte** strings, nuint* lengths, int* errorCode);

    [LibraryImport(ImportName)]
    internal static partial int clBuildProgram(nint program, uint numDevices, nint* devices, byte* options, nint notify, nint userData);

    [LibraryImport(ImportName)]
    internal static partial int clGetProgramBuildInfo(nint program, nint device, uint paramName, nuint valueSize, void* value, nuint* valueSizeReturned);

    [LibraryImport(ImportName)]
    internal static partial int clReleaseProgram(nint program);

    [LibraryImport(ImportName)]
    internal static partial nint clCreateKernel(nint program, byte* kernelName, int* errorCode);

    [LibraryImport(ImportName)]
    internal static partial int clSetKernelArg(nint kernel, uint index, nuint size, void* value);

    [LibraryImport(ImportName)]
    internal static partial int clReleaseKernel(nint kernel);

    [LibraryImport(ImportName)]
    internal static partial nint clCreateBuffer(nint context, ulong flags, nuint size, void* hostPointer, int* errorCode);

    [LibraryImport(ImportName)]
    internal static partial int clReleaseMemObject(nint memory);

    [LibraryImport(ImportName)]
    internal static partial int clEnqueueNDRangeKernel(nint queue, nint kernel, uint workDimensions, nuint* globalOffset, nuint* globalSize, nuint* localSize, uint numWaitEvents, nint* waitList, nint* evt);

    [LibraryImport(ImportName)]
    internal static partial int clEnqueueReadBuffer(nint queue, nint buffer, uint blocking, nuint offset, nuint size, void* destination, uint numWaitEvents, nint* waitList, nint* evt);

    [LibraryImport(ImportName)]
    internal static partial int clFinish(nint queue);

    [LibraryImport(ImportName)]
    internal static partial int clGetEventProfilingInfo(nint evt, uint paramName, nuint valueSize, void* value, nuint* valueSizeReturned);

    [LibraryImport(ImportName)]
    internal static partial int clReleaseEvent(nint evt);
}
