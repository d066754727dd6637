using Aios.Hardware;
using Aios.Hardware.OpenCL;

namespace Aios.Cli.Devices;

/// <summary>One device's figures from <c>aios devices profile</c>.</summary>
internal sealed record DeviceProfileResult(Device Device, DeviceProfile Profile);
