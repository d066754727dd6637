using System.Text;

[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]

namespace Aios.Docs.Tests;

/// <summary>
/// Runs a documented snippet as a reader would: in a fresh current directory (so relative file names such as
/// <c>cluster.json</c> work) with standard output captured. The tests of this assembly run one at a time, since both
/// are process-wide.
/// </summary>
internal sealed class DocsSandbox : IDisposable
{
    private readonly string _previousDirectory = Environment.CurrentDirectory;
    private readonly TextWriter _previousOut = Console.Out;
    private readonly StringBuilder _output = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _cancelAfterLines = int.MaxValue;
    private int _lines;

    public DocsSandbox()
    {
        Folder = Directory.CreateTempSubdirectory("aios-docs").FullName;
        Environment.CurrentDirectory = Folder;
        Console.SetOut(new LineWriter(this));
    }

    /// <summary>Gets a token cancelled once the snippet has printed <paramref name="lines"/> lines: a gate for documented loops that run until cancelled.</summary>
    public CancellationToken CancelAfterLines(int lines)
    {
        _cancelAfterLines = lines;
        return _stopping.Token;
    }

    /// <summary>Gets the current directory while the snippet runs.</summary>
    public string Folder { get; }

    /// <summary>Gets what the snippet printed.</summary>
    public string Output => _output.ToString();

    /// <summary>Writes a file the snippet reads, relative to <see cref="Folder"/>.</summary>
    public void WriteFile(string relativePath, string text)
    {
        string path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose()
    {
        Console.SetOut(_previousOut);
        _stopping.Dispose();
        Environment.CurrentDirectory = _previousDirectory;
        Directory.Delete(Folder, recursive: true);
    }

    private sealed class LineWriter(DocsSandbox sandbox) : StringWriter(sandbox._output)
    {
        public override string NewLine => "\n";

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (++sandbox._lines >= sandbox._cancelAfterLines)
            {
                sandbox._stopping.Cancel();
            }
        }
    }
}
