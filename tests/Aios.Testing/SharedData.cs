namespace Aios.Testing;

/// <summary>
/// Finds the project's shared reference data (<c>../shared/data</c> beside the checkout, or the folder named by
/// the <c>AIOS_SHARED_DATA</c> environment variable). Tests that need a file skip with a clear reason when it is absent.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The shared data folder, or null when it cannot be found.</summary>
    public static string? Directory => Root.Value;

    /// <summary>Returns the full path of a shared data file, or skips the running test when it is absent.</summary>
    public static string RequireFile(string relativePath)
    {
        string? root = Root.Value;
        string? path = root is null ? null : Path.Combine(root, relativePath);
        if (path is null || !File.Exists(path))
        {
            Assert.Skip($"Shared data file '{relativePath}' not found (looked in ../shared/data beside the checkout and $AIOS_SHARED_DATA); this test needs it.");
        }

        return path;
    }

    private static string? FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("AIOS_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment) && System.IO.Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        return FindSharedFolder("data");
    }

    /// <summary>The folder <c>../shared/<paramref name="name"/></c> beside the checkout (the folder holding Aios.sln), or null when it is absent.</summary>
    internal static string? FindSharedFolder(string name)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aios.sln")))
            {
                string candidate = Path.Combine(directory.FullName, "..", "shared", name);
                return System.IO.Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
            }
        }

        return null;
    }
}
