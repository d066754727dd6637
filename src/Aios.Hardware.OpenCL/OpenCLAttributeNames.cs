namespace Aios.Hardware.OpenCL;

/// <summary>
/// The qualified attribute names this package puts on a <see cref="Device"/>. Facts the driver reports live under
/// <c>opencl.khronos.org/</c>; figures this package measures live under <c>opencl.aios.dev/</c>.
/// </summary>
/// <remarks>
/// Names follow Kubernetes Dynamic Resource Allocation: a DNS-style domain, a slash, then an identifier.
/// Extensions are one boolean each (<c>opencl.khronos.org/extensions.cl_khr_fp64</c> = true) so a selector can test one
/// extension without parsing a list; an extension the device lacks has no attribute.
/// </remarks>
public static class OpenCLAttributeNames
{
    /// <summary>The domain of driver-reported facts.</summary>
    public const string Domain = "opencl.khronos.org";

    /// <summary>The OpenCL version the device supports (<c>CL_DEVICE_VERSION</c>), a version, e.g. 3.0.</summary>
    public const string Version = Domain + "/version";

    /// <summary>The driver's version text (<c>CL_DRIVER_VERSION</c>), a string.</summary>
    public const string DriverVersion = Domain + "/driverVersion";

    /// <summary>The highest OpenCL C version the compiler accepts (<c>CL_DEVICE_OPENCL_C_VERSION</c>), a version, e.g. 1.2.</summary>
    public const string OpenCLCVersion = Domain + "/openclCVersion";

    /// <summary>The prefix of the per-extension booleans: append the extension name, e.g. <c>cl_khr_fp64</c>.</summary>
    public const string ExtensionPrefix = Domain + "/extensions.";

    /// <summary>The most work-items in one work-group (<c>CL_DEVICE_MAX_WORK_GROUP_SIZE</c>), an integer.</summary>
    public const string MaxWorkGroupSize = Domain + "/maxWorkGroupSize";

    /// <summary>The name of the platform (driver) that reports the device (<c>CL_PLATFORM_NAME</c>), a string.</summary>
    public const string Platform = Domain + "/platform";

    /// <summary>The vendor id the driver reports (<c>CL_DEVICE_VENDOR_ID</c>; PCI vendor id for most GPUs), an integer.</summary>
    public const string VendorId = Domain + "/vendorId";

    /// <summary>Local (work-group shared) memory per compute unit in bytes (<c>CL_DEVICE_LOCAL_MEM_SIZE</c>), an integer.</summary>
    public const string LocalMemoryBytes = Domain + "/localMemBytes";

    /// <summary>The largest single buffer in bytes (<c>CL_DEVICE_MAX_MEM_ALLOC_SIZE</c>), an integer.</summary>
    public const string MaxAllocationBytes = Domain + "/maxMemAllocBytes";

    /// <summary>Whether the device computes in double precision (<c>CL_DEVICE_DOUBLE_FP_CONFIG</c> non-zero), a boolean.</summary>
    public const string DoubleFp = Domain + "/doubleFp";

    /// <summary>The device UUID from <c>cl_khr_device_uuid</c>, a string, when the driver has the extension.</summary>
    public const string Uuid = Domain + "/uuid";

    /// <summary>How a partition was cut from its parent (<c>equally</c> or <c>affinityDomain</c>), a string, on partitions only.</summary>
    public const string PartitionType = Domain + "/partitionType";

    /// <summary>The domain of figures measured by <see cref="OpenCLProfiler"/>.</summary>
    public const string MeasuredDomain = "opencl.aios.dev";

    /// <summary>Measured global-memory bandwidth in bytes per second (STREAM triad), an integer.</summary>
    public const string MeasuredBandwidthBytesPerSecond = MeasuredDomain + "/measuredBandwidthBytesPerSecond";

    /// <summary>Measured single-precision throughput in floating-point operations per second (FMA counted as two), an integer.</summary>
    public const string MeasuredFp32Flops = MeasuredDomain + "/measuredFp32Flops";
}
