using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Aios.Data.Storage.SafeOutput;

/// <summary>
/// The few POSIX calls .NET does not expose that safe restores and special-file detection need: the <c>*at</c> family
/// (every path resolved against an open folder, so a folder renamed or replaced by a symbolic link mid-restore cannot
/// redirect a write), <c>O_NOFOLLOW</c>/<c>O_EXCL</c> opens, and the file type (<c>statx</c> on Linux, <c>lstat</c> on
/// macOS). Flag and error values differ between Linux architectures and macOS, so they are chosen at start-up.
/// </summary>
internal static unsafe partial class PosixFiles
{
    public const int NoSuchEntry = 2;      // ENOENT
    public const int AlreadyExists = 17;   // EEXIST
    public const int NotADirectory = 20;   // ENOTDIR
    public const int IsADirectory = 21;    // EISDIR
    public const int InvalidArgument = 22; // EINVAL

    private static readonly bool s_isMac = OperatingSystem.IsMacOS() || OperatingSystem.IsIOS() || OperatingSystem.IsTvOS() || OperatingSystem.IsMacCatalyst();
    private static readonly bool s_isLinuxArm = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    public static readonly int Create = s_isMac ? 0x200 : 0x40;
    public static readonly int Exclusive = s_isMac ? 0x800 : 0x80;
    public static readonly int NonBlocking = s_isMac ? 0x4 : 0x800;
    public static readonly int Directory = s_isMac ? 0x100000 : s_isLinuxArm ? 0x4000 : 0x10000;
    public static readonly int NoFollow = s_isMac ? 0x100 : s_isLinuxArm ? 0x8000 : 0x20000;
    public static readonly int CloseOnExec = s_isMac ? 0x1000000 : 0x80000;
    public static readonly int CurrentDirectory = s_isMac ? -2 : -100;        // AT_FDCWD
    public static readonly int SymlinkNoFollow = s_isMac ? 0x20 : 0x100;      // AT_SYMLINK_NOFOLLOW
    public static readonly int TooManyLinks = s_isMac ? 62 : 40;              // ELOOP: O_NOFOLLOW met a symbolic link
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;

    /// <summary>The file types of <c>st_mode &amp; S_IFMT</c>.</summary>
    public enum FileType
    {
        Missing = 0,
        Fifo = 0x1000,
        CharacterDevice = 0x2000,
        Directory = 0x4000,
        BlockDevice = 0x6000,
        Regular = 0x8000,
        SymbolicLink = 0xA000,
        Socket = 0xC000,
    }

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>Opens <paramref name="name"/> relative to <paramref name="folder"/> (null: the current folder); -1 and <see cref="LastError"/> on failure.</summary>
    public static int OpenAt(SafeFileHandle? folder, string name, int flags, int mode = 0)
    {
        if (folder is null)
        {
            return OpenAtRaw(CurrentDirectory, name, flags, mode);
        }

        bool added = false;
        try
        {
            folder.DangerousAddRef(ref added);
            return OpenAtRaw((int)folder.DangerousGetHandle(), name, flags, mode);
        }
        finally
        {
            if (added)
            {
                folder.DangerousRelease();
            }
        }
    }

    /// <summary>The type of the entry <paramref name="path"/> names, not following a final symbolic link.</summary>
    /// <exception cref="IOException">The type cannot be read (other than the entry being absent).</exception>
    public static FileType GetType(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            var info = new FileInfo(path);
            return !info.Exists && !System.IO.Directory.Exists(path) ? FileType.Missing
                : info.Attributes.HasFlag(FileAttributes.ReparsePoint) ? FileType.SymbolicLink
                : info.Attributes.HasFlag(FileAttributes.Directory) ? FileType.Directory : FileType.Regular;
        }

        return GetType(CurrentDirectory, path, SymlinkNoFollow, path);
    }

    /// <summary>The type of the open file <paramref name="handle"/>.</summary>
    public static FileType GetType(SafeFileHandle handle)
    {
        if (OperatingSystem.IsWindows())
        {
            return FileType.Regular;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            int fd = (int)handle.DangerousGetHandle();
            return OperatingSystem.IsLinux() ? GetType(fd, string.Empty, 0x1000 /* AT_EMPTY_PATH */, "an open file") : GetTypeOfDescriptor(fd);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    private static FileType GetType(int folder, string path, int flags, string what)
    {
        // struct statx has one layout on every Linux architecture (stx_mode: u16 at 28); struct stat does not.
        byte* buffer = stackalloc byte[512];
        int result;
        if (OperatingSystem.IsLinux())
        {
            result = Statx(folder, path, flags, 0x1 /* STATX_TYPE */, buffer);
        }
        else
        {
            // macOS 64-bit-inode struct stat: st_dev (4 bytes), then st_mode (u16) at 4.
            result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? LstatInode64(path, buffer) : Lstat(path, buffer);
        }

        if (result != 0)
        {
            int error = LastError;
            if (error is NoSuchEntry or NotADirectory)
            {
                return FileType.Missing;
            }

            throw new IOException($"Cannot read the type of '{what}': {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
        }

        int mode = OperatingSystem.IsLinux() ? *(ushort*)(buffer + 28) : *(ushort*)(buffer + 4);
        return (FileType)(mode & 0xF000);
    }

    private static FileType GetTypeOfDescriptor(int fd)
    {
        byte* buffer = stackalloc byte[512];
        int result = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? FstatInode64(fd, buffer) : Fstat(fd, buffer);
        if (result != 0)
        {
            int error = LastError;
            throw new IOException($"Cannot read the type of an open file: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");
        }

        return (FileType)(*(ushort*)(buffer + 4) & 0xF000);
    }

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtRaw(int folder, string name, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MakeDirectoryAt(SafeFileHandle folder, string name, int mode);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeFileHandle folder, string name, int flags);

    [LibraryImport("libc", EntryPoint = "renameat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt(SafeFileHandle fromFolder, string from, SafeFileHandle toFolder, string to);

    [LibraryImport("libc", EntryPoint = "renameat2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int RenameAt2(SafeFileHandle fromFolder, string from, SafeFileHandle toFolder, string to, uint flags);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(SafeFileHandle fromFolder, string from, SafeFileHandle toFolder, string to, int flags);

    [LibraryImport("libc", EntryPoint = "faccessat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AccessAt(SafeFileHandle folder, string name, int mode, int flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint ReadLinkAt(SafeFileHandle folder, string name, byte* buffer, nint size);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int folder, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lstat(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "lstat$INODE64", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int LstatInode64(string path, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat", SetLastError = true)]
    private static partial int Fstat(int fd, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstat$INODE64", SetLastError = true)]
    private static partial int FstatInode64(int fd, byte* buffer);
}
