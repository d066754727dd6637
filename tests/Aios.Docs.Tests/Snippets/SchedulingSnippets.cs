// <snippet:scheduling-readme>
using Aios.Scheduling.Engine;
using Aios.Scheduling.Model;
// </snippet:scheduling-readme>
// <snippet:scheduling-traces>
using Aios.Scheduling.Traces;
// </snippet:scheduling-traces>
// <snippet:scheduling-simulation>
using Aios.Scheduling.Simulation;
// </snippet:scheduling-simulation>
using System.Text.Json;

namespace Aios.Docs.Tests.Snippets;

/// <summary>The code of src/Aios.Scheduling/README.md and docs/scheduling.md.</summary>
public sealed class SchedulingSnippets
{
    [Fact]
    public void PackageReadme_GangOfFourReplicasStartsOnFourNodesThenFinishes()
    {
        using var sandbox = new DocsSandbox();

        // <snippet:scheduling-readme>
        // 64 A100s and 32 V100s, 8 per node; each node has 8 CPU cores and 128 GiB of memory per GPU.
        var cluster = ClusterSpec.FromGpuCounts([new("a100", 64), new("v100", 32)], gpusPerNode: 8, cpuCoresPerGpu: 8, memoryBytesPerGpu: 128L << 30);
        var scheduler = new Scheduler(cluster, new SchedulerOptions
        {
            Policy = SchedulingPolicy.Priority with { Backfill = true, Placement = PlacementStrategy.Topology },
            Queues = [new QueueSpec("research") { Weight = 2, GuaranteedGpus = 32 }, new QueueSpec("prod") { GuaranteedGpus = 48 }],
        });

        // 4 replicas × (8 A100s, 32 cores, 256 GiB), all or nothing, one hour.
        var job = new JobSpec("train-42", replicas: 4, new ReplicaRequest(8) { DeviceTypes = ["a100"], CpuCores = 32, MemoryBytes = 256L << 30 })
        {
            Queue = "research", Priority = 5, Duration = 3600, RestartOverhead = 120,
        };
        foreach (SchedulingDecision decision in scheduler.Submit(job))
        {
            string where = string.Join(", ", decision.Placement.Select(p => $"{p.Node} ×{p.Count}"));
            Console.WriteLine($"{decision.Kind} {decision.JobId} on {where}");   // Start train-42 on a100-0 ×8, a100-1 ×8, a100-2 ×8, a100-3 ×8
        }

        scheduler.Finish("train-42");   // when the host sees it end: frees its GPUs and starts what fits
        // </snippet:scheduling-readme>

        Assert.Equal("Start train-42 on a100-0 ×8, a100-1 ×8, a100-2 ×8, a100-3 ×8\n", sandbox.Output);
        Assert.False(scheduler.TryGetJob("train-42", out _));
    }

    [Fact]
    public void PackageReadme_AsOnceWritten_ACpuRequestOnAClusterWithoutCpusWaitsForever()
    {
        var cluster = ClusterSpec.FromGpuCounts([new("a100", 64), new("v100", 32)], gpusPerNode: 8);
        var scheduler = new Scheduler(cluster, new SchedulerOptions());

        SchedulingDecision decision = Assert.Single(scheduler.Submit(new JobSpec("train-42", replicas: 4, new ReplicaRequest(8) { DeviceTypes = ["a100"], CpuCores = 32 })));

        Assert.Equal(DecisionKind.Wait, decision.Kind);
        Assert.Equal(WaitReason.ExceedsCluster, decision.Reason);
    }

    [Fact]
    public void PackageReadme_TracesAndGenerator()
    {
        using var sandbox = new DocsSandbox();
        sandbox.WriteFile("philly.csv", "timestamp,duration,num_gpus,gpu_time,cluster\n2017-10-09 07:01:55,66.0,1,66.0,11cb48\n2017-10-09 06:13:03,2951.0,8,23608.0,6214e9\n");
        sandbox.WriteFile("simulation_throughputs.json", """
            {
              "v100": { "('ResNet-18 (batch size 16)', 1)": { "null": 32.0 }, "('Transformer (batch size 32)', 1)": { "null": 8.0 } },
              "k80": { "('ResNet-18 (batch size 16)', 1)": { "null": 5.0 }, "('Transformer (batch size 32)', 1)": { "null": 1.5 } }
            }
            """);
        sandbox.WriteFile("philly_job_distribution.csv", "duration_s,num_gpus\n860662.0,1\n7944.0,1\n3600.0,4\n");

        // <snippet:scheduling-traces>
        foreach (TraceJob job in PhillyTraceReader.ReadFile("philly.csv"))
        {
            Console.WriteLine($"{job.Id} at {job.SubmitTime} s on {job.Gpus} GPUs for {job.Duration} s ({job.Queue})");
        }

        using FileStream json = File.OpenRead("simulation_throughputs.json");
        GavelThroughputs throughputs = GavelThroughputs.Load(json);
        IReadOnlyList<JobSize> sizes = GavelWorkloadGenerator.ReadJobSizes(File.OpenText("philly_job_distribution.csv"));
        var generator = new GavelWorkloadGenerator(sizes, throughputs.JobTypes, jobsPerHour: 12, seed: 42);
        foreach (TraceJob job in generator.Generate().Take(1000)) { /* … */ }
        // </snippet:scheduling-traces>

        Assert.Equal("0 at 2932 s on 1 GPUs for 66 s (11cb48)\n1 at 0 s on 8 GPUs for 2951 s (6214e9)\n", sandbox.Output);
        Assert.Equal(1000, generator.Generate().Take(1000).Count(j => j.Gpus is 1 or 4));
    }

    [Fact]
    public void PackageReadme_SimulatesATraceUnderLeastAttainedService()
    {
        using var sandbox = new DocsSandbox();
        var lines = new List<string> { "timestamp,duration,num_gpus,gpu_time,cluster" };
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            int gpus = new[] { 1, 1, 2, 4, 8, 16 }[random.Next(6)];
            double duration = 60 + random.Next(7200);
            lines.Add($"2017-10-09 {i / 60 % 24:00}:{i % 60:00}:00,{duration:F1},{gpus},{gpus * duration:F1},c{i % 3}");
        }

        sandbox.WriteFile("philly.csv", string.Join("\n", lines) + "\n");

        // <snippet:scheduling-simulation>
        var cluster = ClusterSpec.FromGpuCounts([new("v100", 128)], gpusPerNode: 8);
        var converter = new TraceJobConverter(gpusPerNode: 8);            // gangs across nodes, 30 s restart overhead
        List<TraceJob> trace = Simulator.SortBySubmitTime(PhillyTraceReader.ReadFile("philly.csv"));
        using var log = new JsonLinesEventWriter(File.Create("events.jsonl"));
        SimulationResult result = new Simulator(cluster, new SimulationOptions
        {
            Scheduler = new SchedulerOptions { Policy = SchedulingPolicy.LeastAttainedService },
            EventSink = log,
        }).Run(converter.ConvertAll(trace));
        Console.WriteLine($"{result.PolicyName}: mean JCT {result.MeanJct:F0} s, p99 {result.P99Jct:F0} s, utilization {result.Utilization:P1}");
        // </snippet:scheduling-simulation>

        log.Dispose();
        Assert.Matches(@"^las: mean JCT \d+ s, p99 \d+ s, utilization \d+\.\d %\n$", sandbox.Output);
        Assert.Equal(200, result.Completed);
        string[] events = File.ReadAllLines("events.jsonl");
        Assert.Equal(200, events.Count(e => JsonDocument.Parse(e).RootElement.GetProperty("type").GetString() == "finish"));
    }
}
