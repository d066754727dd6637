using System.Text.RegularExpressions;

namespace Aios.Docs.Tests;

/// <summary>
/// A package readme is read on nuget.org, where the repository's files are not beside it: its links are absolute, and
/// none points into a repository host (the repository has no published address yet; files of it are named in words).
/// </summary>
public sealed partial class PackageReadmeTests
{
    public static TheoryData<string> PackageReadmes()
    {
        var data = new TheoryData<string>();
        foreach (string folder in new[] { "src", "samples" })
        {
            foreach (string project in Directory.EnumerateDirectories(Path.Combine(SnippetSource.RepositoryRoot, folder)).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(project, "README.md")) && Directory.EnumerateFiles(project, "*.csproj").Any(IsPacked))
                {
                    data.Add(Path.GetRelativePath(SnippetSource.RepositoryRoot, Path.Combine(project, "README.md")).Replace('\\', '/'));
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PackageReadmes))]
    public void Links_AreAbsoluteAndNotIntoAnUnpublishedRepository(string readme)
    {
        string text = File.ReadAllText(Path.Combine(SnippetSource.RepositoryRoot, readme));

        string[] targets = [.. MarkdownLink().Matches(text).Select(m => m.Groups[1].Value)];

        Assert.All(targets, target => Assert.StartsWith("https://", target, StringComparison.Ordinal));
        Assert.DoesNotContain(targets, target => target.StartsWith("https://github.com/", StringComparison.Ordinal));
        Assert.DoesNotMatch(@"`(docs|benchmarks|src|samples)/[^`]*\.md`", text);
    }

    private static bool IsPacked(string csproj)
    {
        string text = File.ReadAllText(csproj);
        return text.Contains("<AiosProjectType>Library</AiosProjectType>", StringComparison.Ordinal) || text.Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
