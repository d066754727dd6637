using Aios.Hardware.Cuda.Interop;

namespace Aios.Hardware.Cuda;

/// <summary>One telemetry sample from NVML: six queries, no allocation beyond the sample.</summary>
internal static class NvmlTelemetry
{
    private const double MegahertzToHertz = 1e6;

    public static TelemetrySample Sample(NvmlLibrary nvml, Dictionary<string, nint> handles, DeviceId device, DateTimeOffset timestamp)
    {
        if (!handles.TryGetValue(device.Key, out nint handle))
        {
            int code = nvml.DeviceGetHandleByUuid(device.Key, out handle);
            if (code != NvmlReturn.Success)
            {
                return TelemetrySample.AllFields(device, timestamp, ToValue("nvmlDeviceGetHandleByUUID", code, 0));
            }
        }

        int utilizationCode = nvml.DeviceGetUtilizationRates(handle, out NvmlUtilization utilization);
        int memoryCode = nvml.DeviceGetMemoryInfo(handle, out NvmlMemory memory);
        int temperatureCode = nvml.DeviceGetTemperature(handle, NvmlLibrary.TemperatureGpu, out uint celsius);
        int powerCode = nvml.DeviceGetPowerUsage(handle, out uint milliwatts);
        int clockCode = nvml.DeviceGetClockInfo(handle, NvmlLibrary.ClockStreamingMultiprocessor, out uint megahertz);
        return new TelemetrySample
        {
            Device = device,
            Timestamp = timestamp,
            Utilization = ToValue("nvmlDeviceGetUtilizationRates", utilizationCode, utilization.Gpu / 100.0),
            MemoryUsedBytes = ToValue("nvmlDeviceGetMemoryInfo", memoryCode, memory.Used),
            MemoryFreeBytes = ToValue("nvmlDeviceGetMemoryInfo", memoryCode, memory.Free),
            TemperatureCelsius = ToValue("nvmlDeviceGetTemperature", temperatureCode, celsius),
            PowerWatts = ToValue("nvmlDeviceGetPowerUsage", powerCode, milliwatts / 1000.0),
            ClockHz = ToValue("nvmlDeviceGetClockInfo", clockCode, megahertz * MegahertzToHertz),
        };
    }

    private static TelemetryValue ToValue(string function, int code, double value) => code switch
    {
        NvmlReturn.Success => TelemetryValue.Of(value),
        NvmlReturn.NotSupported or NvmlReturn.FunctionNotFound => TelemetryValue.NotSupported,
        NvmlReturn.NoPermission => TelemetryValue.NoPermission,
        _ => TelemetryValue.Failed($"{function} failed with {NvmlReturn.Name(code)} ({code})"),
    };
}
