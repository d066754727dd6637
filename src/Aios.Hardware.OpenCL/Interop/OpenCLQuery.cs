using System.Text;

namespace Aios.Hardware.OpenCL.Interop;

/// <summary>Typed reads of <c>clGetPlatformInfo</c> and <c>clGetDeviceInfo</c>, throwing <see cref="OpenCLException"/> on failure.</summary>
internal static unsafe class OpenCLQuery
{
    internal static void Check(int status, string functionName)
    {
        if (status != OpenCLConstants.Success)
        {
            throw new OpenCLException(functionName, status);
        }
    }

    internal static nint[] GetPlatforms()
    {
        uint count;
        int status = OpenCLNative.clGetPlatformIDs(0, null, &count);
        if (status == OpenCLConstants.PlatformNotFoundKhr)
        {
            return [];
        }

        Check(status, nameof(OpenCLNative.clGetPlatformIDs));
        var platforms = new nint[count];
        fixed (nint* pointer = platforms)
        {
            Check(OpenCLNative.clGetPlatformIDs(count, pointer, null), nameof(OpenCLNative.clGetPlatformIDs));
        }

        return platforms;
    }

    internal static nint[] GetDevices(nint platform)
    {
        uint count;
        int status = OpenCLNative.clGetDeviceIDs(platform, OpenCLConstants.DeviceTypeAll, 0, null, &count);
        if (status == OpenCLConstants.DeviceNotFound)
        {
            return [];
        }

        Check(status, nameof(OpenCLNative.clGetDeviceIDs));
        var devices = new nint[count];
        fixed (nint* pointer = devices)
        {
            Check(OpenCLNative.clGetDeviceIDs(platform, OpenCLConstants.DeviceTypeAll, count, pointer, null), nameof(OpenCLNative.clGetDeviceIDs));
        }

        return devices;
    }

    internal static string GetPlatformString(nint platform, uint parameter)
    {
        nuint size;
        Check(OpenCLNative.clGetPlatformInfo(platform, parameter, 0, null, &size), nameof(OpenCLNative.clGetPlatformInfo));
        var bytes = new byte[(int)size];
        fixed (byte* pointer = bytes)
        {
            Check(OpenCLNative.clGetPlatformInfo(platform, parameter, size, pointer, null), nameof(OpenCLNative.clGetPlatformInfo));
        }

        return Decode(bytes);
    }

    internal static string GetDeviceString(nint device, uint parameter)
    {
        byte[] bytes = GetDeviceBytes(device, parameter);
        return Decode(bytes);
    }

    internal static byte[] GetDeviceBytes(nint device, uint parameter)
    {
        if (!TryGetDeviceBytes(device, parameter, out byte[]? bytes, out int status))
        {
            throw new OpenCLException(nameof(OpenCLNative.clGetDeviceInfo), status);
        }

        return bytes;
    }

    internal static bool TryGetDeviceBytes(nint device, uint parameter, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? bytes, out int status)
    {
        bytes = null;
        nuint size;
        status = OpenCLNative.clGetDeviceInfo(device, parameter, 0, null, &size);
        if (status != OpenCLConstants.Success)
        {
            return false;
        }

        var buffer = new byte[(int)size];
        fixed (byte* pointer = buffer)
        {
            status = OpenCLNative.clGetDeviceInfo(device, parameter, size, pointer, null);
        }

        if (status != OpenCLConstants.Success)
        {
            return false;
        }

        bytes = buffer;
        return true;
    }

    internal static T GetDeviceValue<T>(nint device, uint parameter)
        where T : unmanaged
    {
        T value;
        Check(OpenCLNative.clGetDeviceInfo(device, parameter, (nuint)sizeof(T), &value, null), nameof(OpenCLNative.clGetDeviceInfo));
        return value;
    }

    private static string Decode(byte[] bytes)
    {
        int length = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, length < 0 ? bytes.Length : length).Trim();
    }
}
