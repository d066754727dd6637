using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Aios.Data.Storage.SafeOutput;

/// <summary>
/// The folder a restore writes into, opened once; every later name is resolved against an open folder handle, one
/// component at a time, so nothing inside the folder — a symbolic link planted at a file's name, at its temporary name or
/// in place of a subfolder, before or during the restore — can redirect a write outside it.
/// </summary>
/// <remarks>
/// <para>Why <c>openat</c> and friends rather than checking paths and then opening them: a check on a path and a later
/// open of the same path are two lookups, and whoever else can write in the folder can swap a component between them.
/// Opening each component with <c>O_DIRECTORY | O_NOFOLLOW</c> relative to the folder opened before it makes the check and
/// the use one lookup: a component that is a symbolic link fails the open (<c>ELOOP</c>/<c>ENOTDIR</c>), and a folder
/// renamed away after it was opened keeps its handle, so writes land in it and never elsewhere.</para>
/// <para>Files are created under <c>.aios-&lt;16 random hex&gt;.tmp</c> in their own folder with <c>O_CREAT | O_EXCL |
/// O_NOFOLLOW</c> — exclusive, so a planted file or link at that name is never opened, and unpredictable (a CSPRNG, not a
/// seeded source: a guessable name is one an attacker can plant) — and moved to their final name only when complete:
/// <c>renameat2(RENAME_NOREPLACE)</c> (or <c>linkat</c>, which also fails on an existing name) by default, <c>renameat</c>
/// when replacing is allowed; either replaces the directory entry, never writing through a link found there.</para>
/// <para>On Windows the same rules are applied by path (reparse points refused component by component, <c>CreateNew</c>
/// for temporary files, MoveFileEx without replace), which is not immune to a concurrent swap of a component.</para>
/// </remarks>
internal sealed class OutputFolder : IDisposable
{
    private const int RenameNoReplace = 1;
    private const int FolderMode = 0x1FF; // 0777, less the umask
    private const int FileMode = 0x1B6;   // 0666, less the umask
    private static readonly System.Buffers.SearchValues<char> LowerHexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");
    private readonly SafeFileHandle? _root;
    private bool _noRenameAt2;

    private OutputFolder(string root, SafeFileHandle? handle)
    {
        Root = root;
        _root = handle;
    }

    /// <summary>Gets the folder's full path, with symbolic links the caller gave resolved.</summary>
    public string Root { get; }

    /// <summary>Creates the folder when absent (following links in the path the caller gave: the caller chose it) and opens it.</summary>
    public static OutputFolder Open(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(full);
        string real = new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
        if (OperatingSystem.IsWindows())
        {
            return new OutputFolder(real, null);
        }

        int fd = PosixFiles.OpenAt(null, full, PosixFiles.ReadOnly | PosixFiles.Directory | PosixFiles.CloseOnExec);
        if (fd < 0)
        {
            throw Failure($"Cannot open the output folder '{full}'", PosixFiles.LastError);
        }

        return new OutputFolder(real, new SafeFileHandle(fd, ownsHandle: true));
    }

    /// <summary>The full path of <paramref name="relativePath"/> (a manifest path) under <see cref="Root"/>, for messages.</summary>
    public string Describe(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// Opens the subfolder <paramref name="relativeFolder"/> (a manifest path's folder, <c>/</c>-separated; empty for the
    /// root), refusing any component that is a symbolic link or not a folder; creates missing ones when
    /// <paramref name="create"/>, else returns null when one is missing.
    /// </summary>
    public Subfolder? OpenSubfolder(string relativeFolder, bool create)
    {
        if (_root is null)
        {
            return OpenSubfolderByPath(relativeFolder, create);
        }

        SafeFileHandle current = _root;
        int fd = PosixFiles.OpenAt(_root, ".", PosixFiles.ReadOnly | PosixFiles.Directory | PosixFiles.CloseOnExec);
        if (fd < 0)
        {
            throw Failure($"Cannot open the output folder '{Root}'", PosixFiles.LastError);
        }

        current = new SafeFileHandle(fd, ownsHandle: true);
        int consumed = 0;
        foreach (Range range in relativeFolder.AsSpan().Split('/'))
        {
            string segment = relativeFolder[range];
            if (segment.Length == 0)
            {
                continue;
            }

            consumed = range.End.GetOffset(relativeFolder.Length);
            int flags = PosixFiles.ReadOnly | PosixFiles.Directory | PosixFiles.NoFollow | PosixFiles.CloseOnExec;
            int next = PosixFiles.OpenAt(current, segment, flags);
            int error = next < 0 ? PosixFiles.LastError : 0;
            if (next < 0 && error == PosixFiles.NoSuchEntry && create)
            {
                if (PosixFiles.MakeDirectoryAt(current, segment, FolderMode) != 0 && PosixFiles.LastError != PosixFiles.AlreadyExists)
                {
                    error = PosixFiles.LastError;
                    current.Dispose();
                    throw Failure($"Cannot create the folder '{Describe(relativeFolder[..consumed])}'", error);
                }

                next = PosixFiles.OpenAt(current, segment, flags);
                error = next < 0 ? PosixFiles.LastError : 0;
            }

            if (next < 0)
            {
                bool isLink = IsSymbolicLink(current, segment);
                current.Dispose();
                if (error == PosixFiles.NoSuchEntry && !create)
                {
                    return null;
                }

                throw NotAFolder(relativeFolder[..consumed], isLink, error);
            }

            current.Dispose();
            current = new SafeFileHandle(next, ownsHandle: true);
        }

        return new Subfolder(relativeFolder, current, Describe(relativeFolder));
    }

    /// <summary>Whether an entry (of any type, a dangling link included) is named <paramref name="name"/> in <paramref name="folder"/>.</summary>
    public static bool Exists(Subfolder folder, string name)
    {
        if (folder.Handle is null)
        {
            string path = Path.Combine(folder.FullPath, name);
            return File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null;
        }

        if (PosixFiles.AccessAt(folder.Handle, name, 0 /* F_OK */, PosixFiles.SymlinkNoFollow) == 0)
        {
            return true;
        }

        int error = PosixFiles.LastError;
        return error == PosixFiles.NoSuchEntry ? false : throw Failure($"Cannot check '{Path.Combine(folder.FullPath, name)}'", error);
    }

    /// <summary>Whether <paramref name="name"/> in <paramref name="folder"/> is a folder (not a link to one).</summary>
    public static bool IsFolder(Subfolder folder, string name)
    {
        if (folder.Handle is null)
        {
            var info = new DirectoryInfo(Path.Combine(folder.FullPath, name));
            return info.Exists && info.LinkTarget is null;
        }

        int fd = PosixFiles.OpenAt(folder.Handle, name, PosixFiles.ReadOnly | PosixFiles.Directory | PosixFiles.NoFollow | PosixFiles.CloseOnExec);
        if (fd < 0)
        {
            return false;
        }

        new SafeFileHandle(fd, ownsHandle: true).Dispose();
        return true;
    }

    /// <summary>Creates a new, empty temporary file in <paramref name="folder"/> exclusively, under a random name.</summary>
    public static SafeFileHandle CreateTemporary(Subfolder folder, out string name)
    {
        for (int attempt = 0; ; attempt++)
        {
            name = NewTemporaryName();
            if (folder.Handle is null)
            {
                try
                {
                    return File.OpenHandle(Path.Combine(folder.FullPath, name), System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None);
                }
                catch (IOException) when (attempt < 8 && File.Exists(Path.Combine(folder.FullPath, name)))
                {
                    continue;
                }
            }

            int fd = PosixFiles.OpenAt(folder.Handle, name, PosixFiles.WriteOnly | PosixFiles.Create | PosixFiles.Exclusive | PosixFiles.NoFollow | PosixFiles.CloseOnExec, FileMode);
            if (fd >= 0)
            {
                return new SafeFileHandle(fd, ownsHandle: true);
            }

            int error = PosixFiles.LastError;
            if (error != PosixFiles.AlreadyExists || attempt >= 8)
            {
                throw Failure($"Cannot create a temporary file in '{folder.FullPath}'", error);
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> has the form of this class's temporary names.</summary>
    public static bool IsTemporaryName(string name) =>
        name.Length == 26 && name.StartsWith(".aios-", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.Ordinal)
        && !name.AsSpan(6, 16).ContainsAnyExcept(LowerHexDigits);

    /// <summary>
    /// Moves the complete temporary file <paramref name="temporary"/> to <paramref name="name"/> in one step; refuses (and
    /// removes the temporary file) when the name is taken, unless <paramref name="overwrite"/>, and always when it is a folder.
    /// </summary>
    /// <exception cref="IOException">The name is taken (and <paramref name="overwrite"/> is false) or is a folder, or the move failed.</exception>
    public void Place(Subfolder folder, string temporary, string name, string manifestPath, bool overwrite)
    {
        if (folder.Handle is null)
        {
            string from = Path.Combine(folder.FullPath, temporary), to = Path.Combine(folder.FullPath, name);
            try
            {
                if (Directory.Exists(to))
                {
                    throw new IOException($"'{Describe(manifestPath)}' is a folder in the output; a file of that name cannot be restored.");
                }

                File.Move(from, to, overwrite);
                return;
            }
            catch (IOException) when (File.Exists(from))
            {
                File.Delete(from);
                throw;
            }
        }

        int error = 0;
        if (overwrite)
        {
            if (IsFolder(folder, name))
            {
                Delete(folder, temporary);
                throw new IOException($"'{Describe(manifestPath)}' is a folder in the output; a file of that name cannot be restored.");
            }

            if (PosixFiles.RenameAt(folder.Handle, temporary, folder.Handle, name) == 0)
            {
                return;
            }

            error = PosixFiles.LastError;
        }
        else if (TryRenameNoReplace(folder.Handle, temporary, name, out error) || error == 0)
        {
            return;
        }

        Delete(folder, temporary);
        if (error is PosixFiles.AlreadyExists or PosixFiles.IsADirectory)
        {
            throw new IOException(AlreadyExistsMessage([manifestPath], 1));
        }

        throw Failure($"Cannot move the restored file to '{Describe(manifestPath)}'", error);
    }

    /// <summary>The message for files that would be replaced.</summary>
    public string AlreadyExistsMessage(IReadOnlyList<string> paths, int count)
    {
        string listed = string.Join(", ", paths.Take(5).Select(p => $"'{Describe(p)}'"));
        string more = count > 5 ? $" and {count - 5} more" : string.Empty;
        return count == 1
            ? $"{listed} already exists; refusing to replace it (pass overwrite / --overwrite to replace existing files)."
            : $"{count} files to restore already exist: {listed}{more}; refusing to replace them (pass overwrite / --overwrite to replace existing files).";
    }

    /// <summary>Removes a temporary file; errors are ignored (it may already be gone).</summary>
    public static void Delete(Subfolder folder, string temporary)
    {
        if (folder.Handle is null)
        {
            File.Delete(Path.Combine(folder.FullPath, temporary));
            return;
        }

        _ = PosixFiles.UnlinkAt(folder.Handle, temporary, 0);
    }

    /// <inheritdoc/>
    public void Dispose() => _root?.Dispose();

    private bool TryRenameNoReplace(SafeFileHandle folder, string from, string to, out int error)
    {
        error = 0;
        if (OperatingSystem.IsLinux() && !_noRenameAt2)
        {
            try
            {
                if (PosixFiles.RenameAt2(folder, from, folder, to, RenameNoReplace) == 0)
                {
                    return true;
                }

                error = PosixFiles.LastError;
                if (error != PosixFiles.InvalidArgument && error != 38 /* ENOSYS */ && error != 95 /* EOPNOTSUPP */)
                {
                    return false;
                }
            }
            catch (EntryPointNotFoundException)
            {
            }

            _noRenameAt2 = true; // the file system (or libc) lacks it: hard links fail on an existing name just as atomically
        }

        if (PosixFiles.LinkAt(folder, from, folder, to, 0) != 0)
        {
            error = PosixFiles.LastError;
            return false;
        }

        _ = PosixFiles.UnlinkAt(folder, from, 0);
        error = 0;
        return true;
    }

    private Subfolder? OpenSubfolderByPath(string relativeFolder, bool create)
    {
        string current = Root;
        int consumed = 0;
        foreach (Range range in relativeFolder.AsSpan().Split('/'))
        {
            string segment = relativeFolder[range];
            if (segment.Length == 0)
            {
                continue;
            }

            consumed = range.End.GetOffset(relativeFolder.Length);
            current = Path.Combine(current, segment);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null || File.Exists(current))
            {
                throw NotAFolder(relativeFolder[..consumed], info.LinkTarget is not null, PosixFiles.NotADirectory);
            }

            if (!info.Exists)
            {
                if (!create)
                {
                    return null;
                }

                info.Create();
            }
        }

        return new Subfolder(relativeFolder, null, current);
    }

    private static unsafe bool IsSymbolicLink(SafeFileHandle folder, string name)
    {
        byte buffer;
        return PosixFiles.ReadLinkAt(folder, name, &buffer, 1) >= 0;
    }

    private IOException NotAFolder(string relative, bool isLink, int error) =>
        new(isLink
            ? $"'{Describe(relative)}' in the output folder is a symbolic link; refusing to restore through it (files are only written inside the output folder)."
            : $"'{Describe(relative)}' in the output folder is not a folder ({Marshal.GetPInvokeErrorMessage(error)}); a manifest path needs it to be one.");

    private static IOException Failure(string what, int error) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(error)} (errno {error}).");

    private static string NewTemporaryName()
    {
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        return string.Concat(".aios-", Convert.ToHexStringLower(random), ".tmp");
    }

    /// <summary>An open subfolder of the output, shared by the files restored into it; closed when the last one releases it.</summary>
    internal sealed class Subfolder
    {
        private int _references = 1;

        public Subfolder(string relativePath, SafeFileHandle? handle, string fullPath)
        {
            RelativePath = relativePath;
            Handle = handle;
            FullPath = fullPath;
        }

        public string RelativePath { get; }

        /// <summary>Gets the open folder (null on Windows, where paths are used).</summary>
        public SafeFileHandle? Handle { get; }

        public string FullPath { get; }

        public void AddReference() => Interlocked.Increment(ref _references);

        public void Release()
        {
            if (Interlocked.Decrement(ref _references) == 0)
            {
                Handle?.Dispose();
            }
        }
    }
}
