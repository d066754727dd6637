namespace Aios.KubeBench;

/// <summary>
/// Measures Aios's Kubernetes scheduler against a real kube-apiserver v1.20.2 with etcd, beside the upstream
/// kube-scheduler of the same release: <c>bind</c> (bind throughput, single pods or gangs) and <c>philly</c> (a Philly
/// trace replayed through the API server, compared with <c>aios simulate</c>). See README.md.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.WriteLine("""
                usage: Aios.KubeBench bind   --scheduler none|aios|kube|kube-fast [--nodes 1000] [--gpus-per-node 8]
                                             [--pods 5000 | --gangs 500 [--gang-size 8] [--order gang|interleaved]]
                                             [--creators 16] [--precreate] [--concurrency 32] [--buffer-responses] [--qps 5000 --burst 5000]
                                             [--timeout 240] [--quiet-seconds 15]
                       Aios.KubeBench philly [--trace FILE] [--jobs 300] [--nodes 8] [--gpus-per-node 8] [--scale 3600]
                                             [--skip-idle] [--policy fifo] [--backfill] [--batch-delay 0.02] [--no-explain]
                       Aios.KubeBench probe-srtf [--policy srtf]
                       Aios.KubeBench schedule --kubeconfig FILE [--concurrency 32] [--policy fifo] [--backfill]
                                             [--batch-delay 0.02] [--no-explain] [--buffer-responses]
                                             (runs until standard input ends)
                """);
            return args.Length == 0 ? 2 : 0;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var arguments = new BenchArguments(args.Skip(1));
        try
        {
            return args[0] switch
            {
                "bind" => await BindScenario.RunAsync(arguments, cancel.Token).ConfigureAwait(false),
                "philly" => await PhillyReplay.RunAsync(arguments, cancel.Token).ConfigureAwait(false),
                "probe-srtf" => await AdoptedJobProbe.RunAsync(arguments, cancel.Token).ConfigureAwait(false),
                "schedule" => await AiosSchedulerHost.RunAsync(arguments, cancel.Token).ConfigureAwait(false),
                _ => throw new ArgumentException($"unknown scenario '{args[0]}': bind, philly, probe-srtf or schedule."),
            };
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"kubebench: error: {exception.Message}");
            return 2;
        }
    }
}
