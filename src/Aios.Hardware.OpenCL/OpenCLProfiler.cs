using System.Globalization;
using Aios.Hardware.OpenCL.Interop;

namespace Aios.Hardware.OpenCL;

/// <summary>
/// Measures a device's global-memory bandwidth and single-precision throughput by building and running two small
/// OpenCL C 1.2 kernels on it, and checks every result the kernels produce against the same computation on the host.
/// </summary>
/// <remarks>
/// <para>Bandwidth is McCalpin's STREAM triad <c>a[i] = b[i] + s·c[i]</c> (J. D. McCalpin, "Memory Bandwidth and
/// Machine Balance in Current High Performance Computers", IEEE TCCA Newsletter, 1995): 12 bytes moved per element,
/// over the fastest of <see cref="OpenCLProfilerOptions.Repetitions"/> runs. Throughput is eight independent chains of
/// <c>fma</c> per work-item, two operations per FMA. Times come from OpenCL event profiling
/// (<c>CL_PROFILING_COMMAND_START/END</c>), or from the host clock around <c>clFinish</c> where the driver has none.</para>
/// <para>Only devices reported by <see cref="OpenCLDeviceProvider"/> on this machine can be profiled, and only root
/// devices (not partitions). Every context, queue, program, kernel, buffer and event is released, also on failure and
/// cancellation. Cancellation is observed between kernel runs.</para>
/// </remarks>
public sealed class OpenCLProfiler
{
    private const float TriadScalar = 3.0f;
    private const float FmaMultiplier = 0.9999f;
    private const float FmaAddend = 0.0001f;

    private readonly OpenCLProfilerOptions _options;

    /// <summary>Creates a profiler with the given sizes, or the defaults.</summary>
    /// <param name="options">Run sizes; <see langword="null"/> for the defaults. Validated and copied here: later changes have no effect.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the exception names it.</exception>
    public OpenCLProfiler(OpenCLProfilerOptions? options = null)
    {
        _options = (options ?? new OpenCLProfilerOptions()).Snapshot();
    }

    /// <summary>
    /// Builds the kernels on <paramref name="device"/>, runs them, verifies their results and reports the figures.
    /// Synchronous: the calling thread builds the kernels and blocks in <c>clFinish</c> while they run (seconds with the
    /// default sizes), as OpenCL 1.2 offers no completion callback worth awaiting here. Call it from a thread that may
    /// block (e.g. <c>await Task.Run(() => profiler.Profile(device, token))</c> in a UI or a server).
    /// </summary>
    /// <param name="device">A root device reported by <see cref="OpenCLDeviceProvider"/> on this machine.</param>
    /// <param name="cancellationToken">Cancels between kernel runs.</param>
    /// <returns>The measured bandwidth and throughput with the sizes used.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="device"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="device"/> is not an OpenCL root device of this machine.</exception>
    /// <exception cref="OpenCLException">The OpenCL library is missing, a call failed, or a kernel computed a wrong result.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public DeviceProfile Profile(Device device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Id.Provider != OpenCLDeviceProvider.ProviderName)
        {
            throw new ArgumentException($"{device.Id} is not an OpenCL device (provider '{OpenCLDeviceProvider.ProviderName}').", nameof(device));
        }

        cancellationToken.ThrowIfCancellationRequested();
        long bufferBytes = _options.BufferBytes;
        int repetitions = _options.Repetitions;
        int workItems = _options.FmaWorkItems;
        int iterations = _options.FmaIterations;
        return Run(device, bufferBytes, repetitions, workItems, iterations, cancellationToken);
    }

    private static DeviceProfile Run(Device device, long bufferBytes, int repetitions, int workItems, int iterations, CancellationToken cancellationToken)
    {
        nint handle = OpenCLDeviceProvider.FindHandle(device, cancellationToken);
        long maxAllocation = (long)Math.Min(OpenCLQuery.GetDeviceValue<ulong>(handle, OpenCLConstants.DeviceMaxMemAllocSize), long.MaxValue);
        int elements = (int)(Math.Min(bufferBytes, maxAllocation) / sizeof(float));
        using var session = new OpenCLKernelSession(handle);

        float[] triad = session.RunTriad(elements, TriadScalar, repetitions, cancellationToken, out double triadSeconds);
        for (int index = 0; index < triad.Length; index++)
        {
            float expected = OpenCLKernelSession.TriadExpected(index, TriadScalar);
            if (triad[index] != expected)
            {
                throw WrongResult("aios_triad", index, triad[index], expected);
            }
        }

        float[] fma = session.RunFma(workItems, iterations, FmaMultiplier, FmaAddend, repetitions, cancellationToken, out double fmaSeconds);
        for (int index = 0; index < fma.Length; index += Math.Max(1, fma.Length / 64))
        {
            float expected = OpenCLKernelSession.FmaExpected(index, iterations, FmaMultiplier, FmaAddend);
            if (fma[index] != expected)
            {
                throw WrongResult("aios_fma", index, fma[index], expected);
            }
        }

        long usedBytes = (long)elements * sizeof(float);
        double flops = 2.0 * OpenCLKernelSession.FmaChains * iterations * (double)workItems;
        return new DeviceProfile(device.Id, 3.0 * usedBytes / triadSeconds, flops / fmaSeconds, usedBytes, repetitions, workItems, iterations);
    }

    private static OpenCLException WrongResult(string kernel, int index, float actual, float expected)
        => new(string.Create(CultureInfo.InvariantCulture, $"{kernel} computed {actual:R} at index {index} where {expected:R} was expected: the OpenCL driver miscompiles or miscomputes; its figures are not trustworthy."));
}
