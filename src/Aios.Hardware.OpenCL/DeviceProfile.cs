using System.Globalization;

namespace Aios.Hardware.OpenCL;

/// <summary>
/// What <see cref="OpenCLProfiler"/> measured on one device, with the sizes it used, so figures from different runs
/// can be compared like with like.
/// </summary>
/// <param name="Device">The device measured.</param>
/// <param name="BandwidthBytesPerSecond">Global-memory bandwidth: bytes the STREAM triad moves (3 × <paramref name="BufferBytes"/>) over its fastest run.</param>
/// <param name="Fp32FlopsPerSecond">Single-precision throughput: 2 × FMAs over the fastest run of the FMA kernel.</param>
/// <param name="BufferBytes">The size of each triad array actually used (after clamping to the device's largest allocation).</param>
/// <param name="Repetitions">Timed runs per kernel (after one untimed warm-up); the best is reported.</param>
/// <param name="FmaWorkItems">FMA work-items per run.</param>
/// <param name="FmaIterations">Loop iterations per FMA work-item (eight FMAs each).</param>
public sealed record DeviceProfile(
    DeviceId Device,
    double BandwidthBytesPerSecond,
    double Fp32FlopsPerSecond,
    long BufferBytes,
    int Repetitions,
    int FmaWorkItems,
    int FmaIterations)
{
    /// <summary>Gets the single-precision throughput in GFLOP/s.</summary>
    public double Fp32Gflops => Fp32FlopsPerSecond / 1e9;

    /// <summary>Gets the bandwidth in GB/s (10^9 bytes per second).</summary>
    public double BandwidthGigabytesPerSecond => BandwidthBytesPerSecond / 1e9;

    /// <summary>
    /// Returns <paramref name="device"/> with the measured figures added as integer attributes
    /// <see cref="OpenCLAttributeNames.MeasuredBandwidthBytesPerSecond"/> and <see cref="OpenCLAttributeNames.MeasuredFp32Flops"/>
    /// (rounded to the nearest integer); other attributes are kept.
    /// </summary>
    /// <param name="device">The device this profile was measured on.</param>
    /// <returns>A copy of the device with the two attributes set.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="device"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="device"/> is not the device this profile measured.</exception>
    public Device AttachTo(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Id != Device)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"this profile was measured on {Device}, not {device.Id}."), nameof(device));
        }

        var attributes = new Dictionary<string, DeviceAttribute>(device.Attributes, StringComparer.Ordinal)
        {
            [OpenCLAttributeNames.MeasuredBandwidthBytesPerSecond] = DeviceAttribute.FromInteger(ToInteger(BandwidthBytesPerSecond)),
            [OpenCLAttributeNames.MeasuredFp32Flops] = DeviceAttribute.FromInteger(ToInteger(Fp32FlopsPerSecond)),
        };
        return device with { Attributes = attributes };
    }

    private static long ToInteger(double value) => value >= long.MaxValue ? long.MaxValue : (long)Math.Round(value);
}
