using System.Runtime.InteropServices;

namespace Aios.Data.Storage;

/// <summary>
/// Moves a finished temporary file to its final name only if that name is free, atomically: of two writers racing for
/// one name, exactly one wins and the other learns it lost. <see cref="File.Move(string, string, bool)"/> without
/// overwrite does not give that on Unix (it checks, then renames), so there a hard link is made instead — link(2) fails
/// with EEXIST atomically — and the temporary name is dropped.
/// </summary>
internal static partial class AtomicPlacement
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS
    private const int NoSuchEntry = 2;     // ENOENT: the destination's folder is missing

    /// <summary>Places <paramref name="temporary"/> at <paramref name="destination"/>; false (and the temporary file deleted) when it already exists.</summary>
    public static bool TryPlace(string temporary, string destination)
    {
        if (OperatingSystem.IsWindows())
        {
            // MoveFileEx without MOVEFILE_REPLACE_EXISTING fails atomically when the destination exists.
            try
            {
                File.Move(temporary, destination, overwrite: false);
                return true;
            }
            catch (IOException) when (File.Exists(destination))
            {
                File.Delete(temporary);
                return false;
            }
        }

        int result = Link(temporary, destination);
        int error = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (error == NoSuchEntry && File.Exists(temporary))
        {
            // The fan-out folder was removed (or never made) under a live store: make it and try once more.
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            result = Link(temporary, destination);
            error = result == 0 ? 0 : Marshal.GetLastPInvokeError();
        }

        if (result == 0 || error == AlreadyExists)
        {
            File.Delete(temporary);
            return result == 0;
        }

        // A file system without hard links (some FUSE and SMB mounts): rename, which is atomic but may replace a file a
        // racing writer just placed — with the same bytes, since names are content hashes.
        if (File.Exists(destination))
        {
            File.Delete(temporary);
            return false;
        }

        File.Move(temporary, destination, overwrite: true);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existingPath, string newPath);
}
