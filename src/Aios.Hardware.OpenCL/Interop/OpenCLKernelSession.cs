using System.Diagnostics;
using System.Text;

namespace Aios.Hardware.OpenCL.Interop;

/// <summary>
/// A context, an in-order profiling queue and the profiler's program built for one device. Every native object it
/// creates is released by <see cref="Dispose"/>, including on the failure paths of the constructor.
/// </summary>
internal sealed unsafe class OpenCLKernelSession : IDisposable
{
    /// <summary>
    /// The profiler's kernels, OpenCL C 1.2. <c>aios_triad</c> is McCalpin's STREAM triad (a = b + s·c) written with
    /// <c>fma</c> so the result is correctly rounded and reproducible on the host; <c>aios_fma</c> runs eight independent
    /// FMA chains per work-item so the device's pipelines stay full (each <c>fma</c> counts as two operations).
    /// Contraction is off so the host can recompute every result bit for bit.
    /// </summary>
    internal const string Source = """
        #pragma OPENCL FP_CONTRACT OFF
        __kernel void aios_fill(__global float* b, __global float* c)
        {
            size_t i = get_global_id(0);
            b[i] = (float)(i % 1024) * 0.5f;
            c[i] = (float)(i % 512) * 0.25f;
        }

        __kernel void aios_triad(__global float* restrict a, __global const float* restrict b, __global const float* restrict c, const float s)
        {
            size_t i = get_global_id(0);
            a[i] = fma(s, c[i], b[i]);
        }

        __kernel void aios_fma(__global float* result, const int iterations, const float m, const float k)
        {
            size_t id = get_global_id(0);
            float x0 = (float)id * 0.001f;
            float x1 = x0 + 0.1f;
            float x2 = x0 + 0.2f;
            float x3 = x0 + 0.3f;
            float x4 = x0 + 0.4f;
            float x5 = x0 + 0.5f;
            float x6 = x0 + 0.6f;
            float x7 = x0 + 0.7f;
            for (int i = 0; i < iterations; i++)
            {
                x0 = fma(x0, m, k);
                x1 = fma(x1, m, k);
                x2 = fma(x2, m, k);
                x3 = fma(x3, m, k);
                x4 = fma(x4, m, k);
                x5 = fma(x5, m, k);
                x6 = fma(x6, m, k);
                x7 = fma(x7, m, k);
            }

            result[id] = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7;
        }
        """;

    /// <summary>Independent FMA chains per work-item in <c>aios_fma</c>.</summary>
    internal const int FmaChains = 8;

    private nint _context;
    private nint _queue;
    private nint _program;
    private nint _fill;
    private nint _triad;
    private nint _fma;

    internal OpenCLKernelSession(nint device)
    {
        try
        {
            int status;
            nint deviceHandle = device;
            _context = OpenCLNative.clCreateContext(null, 1, &deviceHandle, 0, 0, &status);
            OpenCLQuery.Check(status, nameof(OpenCLNative.clCreateContext));
            _queue = OpenCLNative.clCreateCommandQueue(_context, device, OpenCLConstants.QueueProfilingEnable, &status);
            OpenCLQuery.Check(status, nameof(OpenCLNative.clCreateCommandQueue));
            _program = Build(_context, device);
            _fill = CreateKernel(_program, "aios_fill\0"u8);
            _triad = CreateKernel(_program, "aios_triad\0"u8);
            _fma = CreateKernel(_program, "aios_fma\0"u8);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The value <c>aios_fill</c> writes to <c>b[i]</c>.</summary>
    internal static float TriadB(long index) => (index % 1024) * 0.5f;

    /// <summary>The value <c>aios_fill</c> writes to <c>c[i]</c>.</summary>
    internal static float TriadC(long index) => (index % 512) * 0.25f;

    /// <summary>What <c>aios_triad</c> must write to <c>a[i]</c>.</summary>
    internal static float TriadExpected(long index, float scalar) => MathF.FusedMultiplyAdd(scalar, TriadC(index), TriadB(index));

    /// <summary>What <c>aios_fma</c> must write for work-item <paramref name="id"/>.</summary>
    internal static float FmaExpected(long id, int iterations, float multiplier, float addend)
    {
        Span<float> x = stackalloc float[FmaChains];
        x[0] = id * 0.001f;
        x[1] = x[0] + 0.1f;
        x[2] = x[0] + 0.2f;
        x[3] = x[0] + 0.3f;
        x[4] = x[0] + 0.4f;
        x[5] = x[0] + 0.5f;
        x[6] = x[0] + 0.6f;
        x[7] = x[0] + 0.7f;
        for (int i = 0; i < iterations; i++)
        {
            for (int chain = 0; chain < FmaChains; chain++)
            {
                x[chain] = MathF.FusedMultiplyAdd(x[chain], multiplier, addend);
            }
        }

        float sum = x[0];
        for (int chain = 1; chain < FmaChains; chain++)
        {
            sum += x[chain];
        }

        return sum;
    }

    /// <summary>Fills b and c, runs the triad <paramref name="repetitions"/> times after one warm-up, and reads a back.</summary>
    /// <returns>The output array a; <paramref name="bestSeconds"/> is the fastest run.</returns>
    internal float[] RunTriad(int elements, float scalar, int repetitions, CancellationToken cancellationToken, out double bestSeconds)
    {
        nuint bytes = (nuint)elements * sizeof(float);
        nint a = 0, b = 0, c = 0;
        try
        {
            a = CreateBuffer(OpenCLConstants.MemWriteOnly, bytes);
            b = CreateBuffer(OpenCLConstants.MemReadWrite, bytes);
            c = CreateBuffer(OpenCLConstants.MemReadWrite, bytes);
            SetArgument(_fill, 0, b);
            SetArgument(_fill, 1, c);
            _ = Run(_fill, elements);
            SetArgument(_triad, 0, a);
            SetArgument(_triad, 1, b);
            SetArgument(_triad, 2, c);
            SetArgument(_triad, 3, scalar);
            bestSeconds = Best(_triad, elements, repetitions, cancellationToken);
            return ReadFloats(a, elements);
        }
        finally
        {
            ReleaseBuffer(c);
            ReleaseBuffer(b);
            ReleaseBuffer(a);
        }
    }

    /// <summary>Reads <paramref name="count"/> floats back from a device buffer (a blocking read).</summary>
    private float[] ReadFloats(nint buffer, int count)
    {
        var output = new float[count];
        fixed (float* pointer = output)
        {
            OpenCLQuery.Check(OpenCLNative.clEnqueueReadBuffer(_queue, buffer, 1, 0, (nuint)count * sizeof(float), pointer, 0, null, null), nameof(OpenCLNative.clEnqueueReadBuffer));
        }

        return output;
    }

    /// <summary>Runs the FMA kernel <paramref name="repetitions"/> times after one warm-up and reads the per-item results.</summary>
    /// <returns>One result per work-item; <paramref name="bestSeconds"/> is the fastest run.</returns>
    internal float[] RunFma(int workItems, int iterations, float multiplier, float addend, int repetitions, CancellationToken cancellationToken, out double bestSeconds)
    {
        nuint bytes = (nuint)workItems * sizeof(float);
        nint result = 0;
        try
        {
            result = CreateBuffer(OpenCLConstants.MemWriteOnly, bytes);
            SetArgument(_fma, 0, result);
            SetArgument(_fma, 1, iterations);
            SetArgument(_fma, 2, multiplier);
            SetArgument(_fma, 3, addend);
            bestSeconds = Best(_fma, workItems, repetitions, cancellationToken);
            return ReadFloats(result, workItems);
        }
        finally
        {
            ReleaseBuffer(result);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Release(ref _fma, &OpenCLNative.clReleaseKernel);
        Release(ref _triad, &OpenCLNative.clReleaseKernel);
        Release(ref _fill, &OpenCLNative.clReleaseKernel);
        Release(ref _program, &OpenCLNative.clReleaseProgram);
        Release(ref _queue, &OpenCLNative.clReleaseCommandQueue);
        Release(ref _context, &OpenCLNative.clReleaseContext);
    }

    private static void Release(ref nint handle, delegate*<nint, int> release)
    {
        if (handle != 0)
        {
            _ = release(handle);
            handle = 0;
        }
    }

    private double Best(nint kernel, int globalSize, int repetitions, CancellationToken cancellationToken)
    {
        double best = double.PositiveInfinity;
        for (int run = 0; run <= repetitions; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double seconds = Run(kernel, globalSize);
            if (run > 0)
            {
                best = Math.Min(best, seconds);
            }
        }

        return best;
    }

    /// <summary>Runs <paramref name="kernel"/> once to completion and returns its device time (event profiling), or the host time around <c>clFinish</c> where the driver has no profiling data.</summary>
    private double Run(nint kernel, int globalSize)
    {
        nuint global = (nuint)globalSize;
        nint evt = 0;
        // A profiler measures the real time a kernel takes, not the caller's notion of time: the monotonic host clock.
#pragma warning disable RS0030 // Banned API: real elapsed time is the measurement itself.
        long started = Stopwatch.GetTimestamp();
        try
        {
            OpenCLQuery.Check(OpenCLNative.clEnqueueNDRangeKernel(_queue, kernel, 1, null, &global, null, 0, null, &evt), nameof(OpenCLNative.clEnqueueNDRangeKernel));
            OpenCLQuery.Check(OpenCLNative.clFinish(_queue), nameof(OpenCLNative.clFinish));
            double hostSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
#pragma warning restore RS0030
            ulong start, end;
            if (OpenCLNative.clGetEventProfilingInfo(evt, OpenCLConstants.ProfilingCommandStart, sizeof(ulong), &start, null) == OpenCLConstants.Success
                && OpenCLNative.clGetEventProfilingInfo(evt, OpenCLConstants.ProfilingCommandEnd, sizeof(ulong), &end, null) == OpenCLConstants.Success
                && end > start)
            {
                return (end - start) * 1e-9;
            }

            return hostSeconds;
        }
        finally
        {
            if (evt != 0)
            {
                _ = OpenCLNative.clReleaseEvent(evt);
            }
        }
    }

    private nint CreateBuffer(ulong flags, nuint bytes)
    {
        int status;
        nint buffer = OpenCLNative.clCreateBuffer(_context, flags, bytes, null, &status);
        OpenCLQuery.Check(status, nameof(OpenCLNative.clCreateBuffer));
        return buffer;
    }

    private static void ReleaseBuffer(nint buffer)
    {
        if (buffer != 0)
        {
            _ = OpenCLNative.clReleaseMemObject(buffer);
        }
    }

    private static void SetArgument<T>(nint kernel, uint index, T value)
        where T : unmanaged
        => OpenCLQuery.Check(OpenCLNative.clSetKernelArg(kernel, index, (nuint)sizeof(T), &value), nameof(OpenCLNative.clSetKernelArg));

    /// <summary>Creates a kernel; <paramref name="name"/> must be NUL-terminated.</summary>
    private static nint CreateKernel(nint program, ReadOnlySpan<byte> name)
    {
        int status;
        nint kernel;
        fixed (byte* pointer = name)
        {
            kernel = OpenCLNative.clCreateKernel(program, pointer, &status);
        }

        OpenCLQuery.Check(status, nameof(OpenCLNative.clCreateKernel));
        return kernel;
    }

    private static nint Build(nint context, nint device)
    {
        byte[] source = Encoding.UTF8.GetBytes(Source);
        int status;
        nint program;
        fixed (byte* pointer = source)
        {
            byte* text = pointer;
            nuint length = (nuint)source.Length;
            program = OpenCLNative.clCreateProgramWithSource(context, 1, &text, &length, &status);
        }

        OpenCLQuery.Check(status, nameof(OpenCLNative.clCreateProgramWithSource));
        // Ask for OpenCL C 1.2 where the compiler has it (OpenCL 3.0 drivers default to 1.2 anyway); a 1.1 compiler gets no option.
        bool hasOpenCLC12 = OpenCLQuery.TryGetDeviceBytes(device, OpenCLConstants.DeviceOpenCLCVersion, out byte[]? versionBytes, out _)
            && OpenCLDeviceEnumerator.TryParseVersion(Encoding.UTF8.GetString(versionBytes), out Version? version)
            && version >= new Version(1, 2);
        fixed (byte* options = hasOpenCLC12 ? "-cl-std=CL1.2\0"u8 : "\0"u8)
        {
            status = OpenCLNative.clBuildProgram(program, 1, &device, options, 0, 0);
        }

        if (status != OpenCLConstants.Success)
        {
            string log = BuildLog(program, device);
            _ = OpenCLNative.clReleaseProgram(program);
            throw new OpenCLException(nameof(OpenCLNative.clBuildProgram), status, "Build log: " + log);
        }

        return program;
    }

    private static string BuildLog(nint program, nint device)
    {
        nuint size;
        if (OpenCLNative.clGetProgramBuildInfo(program, device, OpenCLConstants.ProgramBuildLog, 0, null, &size) != OpenCLConstants.Success || size == 0)
        {
            return "(none)";
        }

        var bytes = new byte[(int)size];
        fixed (byte* pointer = bytes)
        {
            _ = OpenCLNative.clGetProgramBuildInfo(program, device, OpenCLConstants.ProgramBuildLog, size, pointer, null);
        }

        return Encoding.UTF8.GetString(bytes).TrimEnd('\0', ' ', '\n');
    }
}
