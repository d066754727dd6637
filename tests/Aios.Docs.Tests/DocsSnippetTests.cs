using System.Text.RegularExpressions;

namespace Aios.Docs.Tests;

/// <summary>
/// Keeps the documentation's C# honest: every <c>```csharp</c> block of README.md, docs/, src/*/README.md and
/// samples/*/README.md is preceded by <c>&lt;!-- snippet: NAME --&gt;</c> and equals the region NAME of a snippet
/// file in this project (which a test compiles and runs); every region is used by some block.
/// <c>python3 eng/sync-snippets.py</c> rewrites the blocks from the regions.
/// </summary>
public sealed partial class DocsSnippetTests
{
    [Fact]
    public void Markdown_EveryCSharpBlock_IsACompiledSnippet()
    {
        IReadOnlyDictionary<string, string> snippets = SnippetSource.Read(SnippetSource.SourceFolder);
        var problems = new List<string>();

        foreach (MarkdownBlock block in SnippetSource.MarkdownBlocks())
        {
            if (block.Name is null)
            {
                problems.Add($"{block.Location}: a ```csharp block without a '<!-- snippet: NAME -->' line before it");
            }
            else if (!snippets.TryGetValue(block.Name, out string? code))
            {
                problems.Add($"{block.Location}: snippet '{block.Name}' is not a region of tests/Aios.Docs.Tests/Snippets");
            }
            else if (code != block.Code)
            {
                problems.Add($"{block.Location}: block differs from snippet '{block.Name}'; run python3 eng/sync-snippets.py\n--- snippet\n{code}\n--- block\n{block.Code}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Snippets_EveryRegion_IsUsedByTheDocs()
    {
        var used = SnippetSource.MarkdownBlocks().Select(b => b.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);

        string[] unused = [.. SnippetSource.Read(SnippetSource.SourceFolder).Keys.Where(name => !used.Contains(name)).Order(StringComparer.Ordinal)];

        Assert.True(unused.Length == 0, $"snippet regions no markdown block shows: {string.Join(", ", unused)}");
    }

    [Fact]
    public void Read_RegionsWithTheSameName_JoinedAndDedented()
    {
        string folder = Directory.CreateTempSubdirectory("aios-snippets").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.cs"), """
                // <snippet:x>
                using System;
                // </snippet:x>
                class C
                {
                    void M()
                    {
                        // <snippet:x>
                        int a = 1;
                            int b = 2;
                        // </snippet:x>
                    }
                }
                """);

            IReadOnlyDictionary<string, string> snippets = SnippetSource.Read(folder);

            Assert.Equal("using System;\n\nint a = 1;\n    int b = 2;", snippets["x"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Read_UnclosedRegion_Throws()
    {
        string folder = Directory.CreateTempSubdirectory("aios-snippets").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.cs"), "// <snippet:x>\nint a = 1;\n");

            InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => SnippetSource.Read(folder));

            Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>A <c>```csharp</c> block of a markdown file and the snippet it names.</summary>
internal sealed record MarkdownBlock(string Location, string? Name, string Code);

/// <summary>Reads snippet regions and markdown blocks the way eng/sync-snippets.py writes them.</summary>
internal static partial class SnippetSource
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string SourceFolder => Path.Combine(RepositoryRoot, "tests", "Aios.Docs.Tests", "Snippets");

    /// <summary>Every region of every .cs file under <paramref name="folder"/>: name → text (regions of one name joined by a blank line, common indentation removed).</summary>
    public static IReadOnlyDictionary<string, string> Read(string folder)
    {
        var parts = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string[] lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                Match open = RegionStart().Match(lines[i]);
                if (!open.Success)
                {
                    continue;
                }

                string name = open.Groups[1].Value;
                int end = Array.FindIndex(lines, i + 1, l => l.Trim() == $"// </snippet:{name}>");
                if (end < 0)
                {
                    throw new InvalidOperationException($"{file}:{i + 1}: region '{name}' is never closed");
                }

                if (!parts.TryGetValue(name, out List<string>? list))
                {
                    parts[name] = list = [];
                }

                list.Add(Dedent(lines[(i + 1)..end]));
                i = end;
            }
        }

        return parts.ToDictionary(p => p.Key, p => string.Join("\n\n", p.Value), StringComparer.Ordinal);
    }

    /// <summary>Every <c>```csharp</c> block of the documentation a reader sees.</summary>
    public static IEnumerable<MarkdownBlock> MarkdownBlocks()
    {
        IEnumerable<string> files = new[] { Path.Combine(RepositoryRoot, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(RepositoryRoot, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateDirectories(Path.Combine(RepositoryRoot, "src")).Select(d => Path.Combine(d, "README.md")))
            .Concat(Directory.EnumerateDirectories(Path.Combine(RepositoryRoot, "samples")).Select(d => Path.Combine(d, "README.md")))
            .Where(File.Exists);
        foreach (string file in files)
        {
            string relative = Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/');
            string[] lines = File.ReadAllText(file).ReplaceLineEndings("\n").Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].TrimEnd() != "```csharp")
                {
                    continue;
                }

                int end = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
                if (end < 0)
                {
                    throw new InvalidOperationException($"{relative}:{i + 1}: unclosed code block");
                }

                Match marker = i > 0 ? MarkdownMarker().Match(lines[i - 1]) : Match.Empty;
                yield return new MarkdownBlock($"{relative}:{i + 1}", marker.Success ? marker.Groups[1].Value : null, string.Join("\n", lines[(i + 1)..end]));
                i = end;
            }
        }
    }

    private static string Dedent(string[] lines)
    {
        int start = 0;
        int end = lines.Length;
        while (start < end && lines[start].Trim().Length == 0)
        {
            start++;
        }

        while (end > start && lines[end - 1].Trim().Length == 0)
        {
            end--;
        }

        string[] body = lines[start..end];
        int indent = body.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", body.Select(l => l.Trim().Length == 0 ? "" : l[indent..].TrimEnd()));
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Aios.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Aios.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\s*// <snippet:([A-Za-z0-9_.-]+)>\s*$")]
    private static partial Regex RegionStart();

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*([A-Za-z0-9_.-]+)\s*-->\s*$")]
    private static partial Regex MarkdownMarker();
}
