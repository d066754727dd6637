namespace Aios.Cli;

/// <summary>
/// The one rule for a file the CLI writes under a name the user gives (<c>--plot</c>, <c>--manifests</c>): checked before
/// any work — not a symbolic link, not a folder, in a folder that exists, never over an existing file unless
/// <c>--overwrite</c> — then written beside the target and renamed into place, so a reader never sees half a file.
/// </summary>
internal static class OutputFile
{
    /// <summary>The problem with <paramref name="path"/> as the target of <paramref name="option"/>, or null.</summary>
    public static string? Check(string option, string path, bool overwrite)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            return $"{option}: '{path}' is a symbolic link; name a plain file";
        }

        if (Directory.Exists(path))
        {
            return $"{option}: '{path}' is a folder";
        }

        if (info.Exists && !overwrite)
        {
            return $"{option}: '{path}' exists; pass --overwrite to replace it";
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Directory.Exists(folder) ? null : $"{option}: the folder '{folder}' does not exist";
    }

    /// <summary>Has <paramref name="writeTemporary"/> write a temporary file beside <paramref name="path"/> (same
    /// extension), then renames it into place; the temporary file never outlives the call.</summary>
    public static void Write(string path, bool overwrite, Action<string> writeTemporary)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}");
        try
        {
            writeTemporary(temporary);
            File.Move(temporary, full, overwrite);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
