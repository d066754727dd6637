using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Aios.Testing;

/// <summary>
/// A real <c>redis-server</c> started by a test on a free loopback port, with persistence off; it can be stopped and
/// started again on the same port to test a tier surviving its server. Tests skip with a clear reason when no
/// <c>redis-server</c> is installed (<c>.ci/run</c> installs Debian's; <c>AIOS_REDIS_SERVER</c> names another binary).
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly string _binary;
    private Process? _process;

    private RedisServer(string binary, int port)
    {
        _binary = binary;
        Port = port;
    }

    /// <summary>Gets the port it listens on (127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>Gets the StackExchange.Redis configuration string for it: fail fast, reconnect in the background.</summary>
    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000,syncTimeout=1000,asyncTimeout=1000,connectRetry=0";

    /// <summary>Gets whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server, or skips the running test when none is installed.</summary>
    /// <returns>The running server.</returns>
    public static RedisServer StartOrSkip()
    {
        string? binary = Find();
        if (binary is null)
        {
            Assert.Skip("redis-server is not installed (apt-get install redis-server, as .ci/run does, or set AIOS_REDIS_SERVER); this test needs a real server.");
        }

        var server = new RedisServer(binary, FreePort());
        server.Start();
        return server;
    }

    /// <summary>Gets the path of <c>redis-server</c>, or null when it is not installed.</summary>
    /// <returns>The path or null.</returns>
    public static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("AIOS_REDIS_SERVER");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            string candidate = Path.Combine(folder, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts the server (again) and waits until it answers PING.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--maxmemory", "512mb" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = Stopwatch.StartNew();
        while (!Ping())
        {
            if (_process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer PING (exited: {_process.HasExited}).");
            }

            Thread.Sleep(20);
        }
    }

    /// <summary>Kills the server (its data is gone: persistence is off).</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Sends one raw RESP command (e.g. <c>["SET", key, value]</c>) and returns the first reply line.</summary>
    /// <param name="arguments">The command and its arguments.</param>
    /// <returns>The reply's first line, e.g. <c>+OK</c>.</returns>
    public string Command(params byte[][] arguments)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, Port);
        using NetworkStream stream = client.GetStream();
        var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes($"*{arguments.Length}\r\n"));
        foreach (byte[] argument in arguments)
        {
            request.Write(Encoding.ASCII.GetBytes($"${argument.Length}\r\n"));
            request.Write(argument);
            request.Write("\r\n"u8);
        }

        stream.Write(request.ToArray());
        var reply = new StringBuilder();
        int b;
        while ((b = stream.ReadByte()) is not -1 and not '\n')
        {
            reply.Append((char)b);
        }

        return reply.ToString().TrimEnd('\r');
    }

    /// <inheritdoc/>
    public void Dispose() => Stop();

    private bool Ping()
    {
        try
        {
            return Command("PING"u8.ToArray()) == "+PONG";
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
