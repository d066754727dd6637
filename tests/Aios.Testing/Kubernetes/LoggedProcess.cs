using System.Diagnostics;

namespace Aios.Testing.Kubernetes;

/// <summary>
/// A server process whose standard output and error go to a log file. It is started through <c>/bin/sh -c 'exec …'</c>,
/// so the shell redirects the output and then becomes the program: the process id is the program's own, no thread of
/// ours pumps its output, and <see cref="Kill"/> kills exactly it and what it started.
/// </summary>
internal sealed class LoggedProcess : IDisposable
{
    private readonly Process _process;

    private LoggedProcess(Process process, string name, string logFile)
    {
        _process = process;
        Name = name;
        LogFile = logFile;
    }

    /// <summary>Gets the program's name, for messages.</summary>
    public string Name { get; }

    /// <summary>Gets the file its output is appended to.</summary>
    public string LogFile { get; }

    /// <summary>Gets its process id.</summary>
    public int Id => _process.Id;

    /// <summary>Gets whether it still runs.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>Gets how it ended, for messages: its exit code, or that it still runs.</summary>
    public string Outcome => _process.HasExited ? $"exited with code {_process.ExitCode}" : "still running";

    /// <summary>Starts <paramref name="binary"/> with <paramref name="arguments"/>, standard input from /dev/null, output appended to <paramref name="logFile"/>.</summary>
    public static LoggedProcess Start(string name, string binary, IEnumerable<string> arguments, string logFile)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" </dev/null >>\"$0\" 2>&1");
        start.ArgumentList.Add(logFile);
        start.ArgumentList.Add(binary);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{name} ({binary}) did not start.");
        return new LoggedProcess(process, name, logFile);
    }

    /// <summary>The last lines of the log (what a failure message quotes).</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            string[] all = File.ReadAllLines(LogFile);
            return all.Length == 0 ? "(the log is empty)" : string.Join('\n', all[Math.Max(0, all.Length - lines)..]);
        }
        catch (IOException exception)
        {
            return $"(the log {LogFile} cannot be read: {exception.Message})";
        }
    }

    /// <summary>Kills the process and its children and waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it exited between the check and the kill
            }

            _process.WaitForExit();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
