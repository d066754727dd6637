using System.Runtime.InteropServices;

namespace Aios.Hardware.OpenCL.Interop;

/// <summary>
/// Loads the OpenCL ICD loader by its versioned soname and routes the <see cref="OpenCLNative"/> imports to it
/// through a <see cref="DllImportResolver"/>, so that a machine without the loader yields a reason, not an exception.
/// </summary>
/// <remarks>
/// The first library that loads serves every import of this assembly for the life of the process (a resolver
/// answers once per import). Callers check <see cref="TryLoad"/> before any call into <see cref="OpenCLNative"/>.
/// </remarks>
internal static class OpenCLLibrary
{
    /// <summary>The soname of the Khronos ICD loader (ocl-icd on Debian: package <c>ocl-icd-libopencl1</c>).</summary>
    internal const string DefaultName = "libOpenCL.so.1";

    private static readonly Lock Gate = new();
    private static nint s_handle;
    private static string? s_loadedName;

    /// <summary>Loads <paramref name="libraryName"/> unless a loader is already loaded.</summary>
    /// <param name="libraryName">The file name or path of the loader.</param>
    /// <param name="reason">Why the loader is unusable, when this returns <see langword="false"/>.</param>
    /// <returns>Whether the OpenCL imports can be called.</returns>
    internal static bool TryLoad(string libraryName, out string? reason)
    {
        lock (Gate)
        {
            if (s_handle != 0 && libraryName == s_loadedName)
            {
                reason = null;
                return true;
            }

            if (!NativeLibrary.TryLoad(libraryName, out nint handle))
            {
                reason = $"{libraryName} not found: install an OpenCL ICD loader (e.g. ocl-icd-libopencl1) and a driver (e.g. pocl-opencl-icd)";
                return false;
            }

            if (s_handle == 0)
            {
                s_handle = handle;
                s_loadedName = libraryName;
                NativeLibrary.SetDllImportResolver(typeof(OpenCLLibrary).Assembly, Resolve);
                InitializeLoader();
            }
            else
            {
                // Another name for a loader already in use: it proved loadable; the first one keeps serving the imports.
                NativeLibrary.Free(handle);
            }

            reason = null;
            return true;
        }
    }

    /// <summary>
    /// Makes the loader read its vendor files and every driver initialize its devices once, under the lock: lazy
    /// initialization races when first calls come from several threads (PoCL 3.1 then reports no devices to one
    /// caller or crashes).
    /// </summary>
    private static unsafe void InitializeLoader()
    {
        uint count;
        if (OpenCLNative.clGetPlatformIDs(0, null, &count) != OpenCLConstants.Success || count == 0)
        {
            return;
        }

        nint* platforms = stackalloc nint[(int)Math.Min(count, 64)];
        if (OpenCLNative.clGetPlatformIDs(Math.Min(count, 64), platforms, null) != OpenCLConstants.Success)
        {
            return;
        }

        for (int index = 0; index < Math.Min(count, 64); index++)
        {
            uint devices;
            _ = OpenCLNative.clGetDeviceIDs(platforms[index], OpenCLConstants.DeviceTypeAll, 0, null, &devices);
        }
    }

    private static nint Resolve(string libraryName, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
        => libraryName == OpenCLNative.ImportName ? s_handle : 0;
}
