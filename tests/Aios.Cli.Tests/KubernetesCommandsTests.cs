using System.Text.Json;
using Aios.Scheduling.Kubernetes;
using Aios.Testing.Kubernetes;
using k8s;
using k8s.Models;

namespace Aios.Cli.Tests;

/// <summary><c>aios k8s nodes</c> and <c>aios k8s run</c> against a real API server (skipped with the reason without one).</summary>
public sealed class KubernetesCommandsTests : IClassFixture<KubeApiServerFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string> A100 = new() { ["nvidia.com/gpu.product"] = "A100" };
    private readonly KubeApiServer _server;
    private readonly IKubernetes _client;
    private readonly string _folder = Directory.CreateTempSubdirectory("aios-k8s-").FullName;
    private readonly string _kubeconfig;

    public KubernetesCommandsTests(KubeApiServerFixture fixture)
    {
        _server = fixture.Server;
        _client = _server.CreateClient();
        _kubeconfig = _server.WriteKubeconfig(Path.Combine(_folder, "kubeconfig"));
    }

    public async ValueTask InitializeAsync() => await _client.DeleteAllAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Nodes_Text_ShowsPoolsUsedAndFreeAndWhyNodesAreExcluded()
    {
        await CreateClusterAsync();

        CliRun run = CliRun.Invoke("k8s", "nodes", "--kubeconfig", _kubeconfig);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(
            [
                $"{_server.Url.ToString().TrimEnd('/')}: 3 nodes, 1 usable; devices on usable nodes: 8 capacity, 2 used, 6 free",
                "gpu-a  usable, 1 pod",
                "cpu              64 allocatable, 4.5 used, 59.5 free",
                "memory           256Gi allocatable, 16Gi used, 240Gi free",
                "A100 (nvidia.com/gpu) 8 capacity, 2 used, 6 free",
                "gpu-b  excluded: not Ready (KubeletNotReady: test node set NotReady), 0 pods",
                "cpu              32 allocatable, 0 used, 32 free",
                "memory           128Gi allocatable, 0 used, 128Gi free",
                "nvidia.com/gpu   4 capacity, 0 used, 4 free",
                "gpu-c  excluded: cordoned (spec.unschedulable), 0 pods",
                "cpu              16 allocatable, 0 used, 16 free",
                "memory           64Gi allocatable, 0 used, 64Gi free",
                "devices          none",
            ],
            run.OutputLines);
    }

    [Fact]
    public async Task Nodes_Json_EveryNodeWithItsPoolsCpuMemoryAndReason()
    {
        await CreateClusterAsync();

        CliRun run = CliRun.Invoke("k8s", "nodes", "--kubeconfig", _kubeconfig, "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(_server.Url.ToString().TrimEnd('/'), root.GetProperty("server").GetString());
        JsonElement[] nodes = [.. root.GetProperty("nodes").EnumerateArray()];
        Assert.Equal(["gpu-a", "gpu-b", "gpu-c"], nodes.Select(n => n.GetProperty("name").GetString()));
        Assert.Equal(["name", "usable", "excludedReason", "pods", "cpu", "memoryBytes", "devices", "taints"], nodes[0].EnumerateObject().Select(p => p.Name));
        Assert.True(nodes[0].GetProperty("usable").GetBoolean());
        Assert.Equal(JsonValueKind.Null, nodes[0].GetProperty("excludedReason").ValueKind);
        Assert.Equal(1, nodes[0].GetProperty("pods").GetInt32());
        Assert.Equal(59.5, nodes[0].GetProperty("cpu").GetProperty("free").GetDouble());
        Assert.Equal(16L << 30, nodes[0].GetProperty("memoryBytes").GetProperty("used").GetInt64());
        JsonElement pool = nodes[0].GetProperty("devices")[0];
        Assert.Equal("A100", pool.GetProperty("type").GetString());
        Assert.Equal(["nvidia.com/gpu"], pool.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal((8, 2, 6), (pool.GetProperty("capacity").GetInt64(), pool.GetProperty("used").GetInt64(), pool.GetProperty("free").GetInt64()));
        Assert.False(nodes[1].GetProperty("usable").GetBoolean());
        Assert.StartsWith("not Ready", nodes[1].GetProperty("excludedReason").GetString(), StringComparison.Ordinal);
        Assert.Equal("cordoned (spec.unschedulable)", nodes[2].GetProperty("excludedReason").GetString());
        Assert.Equal(0, nodes[2].GetProperty("devices").GetArrayLength());
    }

    [Fact]
    public void Nodes_EmptyCluster_SaysSo()
    {
        CliRun run = CliRun.Invoke("k8s", "nodes", "--kubeconfig", _kubeconfig);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"{_server.Url.ToString().TrimEnd('/')}: 0 nodes, 0 usable; devices on usable nodes: 0 capacity, 0 used, 0 free"], run.OutputLines);
    }

    [Fact]
    public async Task Run_SinglePod_CreatesAPendingAiosPodTheInventoryReadsAsAJob()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        CliRun run = CliRun.Invoke("k8s", "run", "bert", "--image", "busybox:1.36", "--gpus", "2", "--cpu", "1.5", "--memory", "16GiB", "--duration", "3600", "--kubeconfig", _kubeconfig, "--", "sleep", "3600");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["created 1 pod in namespace default for scheduler aios, 2 nvidia.com/gpu each:", "bert"], run.OutputLines);
        V1Pod pod = await _client.CoreV1.ReadNamespacedPodAsync("bert", "default", cancellationToken: cancellationToken);
        V1Container container = Assert.Single(pod.Spec.Containers);
        Assert.Equal("aios", pod.Spec.SchedulerName);
        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Equal("busybox:1.36", container.Image);
        Assert.Equal(["sleep", "3600"], container.Command);
        Assert.Equal("2", container.Resources.Requests["nvidia.com/gpu"].ToString());
        Assert.Equal("2", container.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("1500m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("16Gi", container.Resources.Requests["memory"].ToString());
        Assert.Null(pod.Metadata.Labels);
        Assert.Equal(new Dictionary<string, string> { [KubernetesInventory.DurationAnnotation] = "3600" }, pod.Metadata.Annotations);
        PodJob job = Assert.Single(new KubernetesInventory().GroupPods([pod], []));
        Assert.Null(job.Problem);
        Assert.Equal(3600, job.Job!.Duration);
        Assert.Equal(2, job.Job.Request.Gpus);
    }

    [Fact]
    public async Task Run_ShareOfAGpu_CreatesPodsWithTheShareAnnotationAndNoGpuRequest()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        CliRun run = CliRun.Invoke("k8s", "run", "infer", "--image", "server", "--gpu-milli", "250", "--replicas", "2", "--memory", "8Gi", "--kubeconfig", _kubeconfig);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["created 2 pods in namespace default for scheduler aios, 250/1000 of a GPU each:", "infer-0", "infer-1"], run.OutputLines);
        V1PodList pods = await _client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: cancellationToken);
        Assert.All(pods.Items, pod =>
        {
            Assert.Equal(new Dictionary<string, string> { [KubernetesInventory.GpuMilliAnnotation] = "250" }, pod.Metadata.Annotations);
            Assert.Null(pod.Spec.Containers[0].Resources.Limits);
            Assert.Equal(["memory"], pod.Spec.Containers[0].Resources.Requests.Keys);
        });
        IReadOnlyList<PodJob> jobs = new KubernetesInventory().GroupPods(pods.Items, []);
        Assert.All(jobs, job => Assert.Equal((1, 250, 8L << 30), (job.Job!.Request.Gpus, job.Job.Request.GpuMilli, job.Job.Request.MemoryBytes)));
    }

    [Fact]
    public async Task Run_Gang_CreatesReplicasWithGroupLabelQueueAndMinMembers()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;

        CliRun run = CliRun.Invoke("k8s", "run", "train", "--image", "trainer", "--gpus", "8", "--replicas", "3", "--gang", "--queue", "research", "--kubeconfig", _kubeconfig, "--json");

        Assert.Equal(0, run.ExitCode);
        JsonElement root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("default", root.GetProperty("namespace").GetString());
        Assert.Equal(["train-0", "train-1", "train-2"], root.GetProperty("pods").EnumerateArray().Select(p => p.GetString()));
        V1PodList pods = await _client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: cancellationToken);
        Assert.Equal(["train-0", "train-1", "train-2"], pods.Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(pods.Items, pod =>
        {
            Assert.Equal(new Dictionary<string, string> { [KubernetesInventory.PodGroupLabel] = "train", [KubernetesInventory.QueueLabel] = "research" }, pod.Metadata.Labels);
            Assert.Equal(new Dictionary<string, string> { ["aios.dev/min-members"] = "3" }, pod.Metadata.Annotations);
            Assert.Null(pod.Spec.Containers[0].Command);
        });
        PodJob job = Assert.Single(new KubernetesInventory().GroupPods(pods.Items, []));
        Assert.Equal("default/train", job.Id);
        Assert.Equal(3, job.Job!.Replicas);
        Assert.Equal("research", job.Job.Queue);
    }

    [Theory]
    [InlineData("name", "NAME 'Bad_Name'")]
    [InlineData("gpus", "--gpus must be at least 1")]
    [InlineData("replicas", "--replicas must be at least 1")]
    [InlineData("memory", "--memory must be an amount of bytes")]
    [InlineData("cpu", "--cpu must be a number of cores")]
    [InlineData("duration", "--duration must be a number of seconds")]
    [InlineData("gpu-resource", "--gpu-resource must be an extended resource name")]
    [InlineData("queue", "--queue 'bad queue'")]
    [InlineData("namespace", "--namespace 'Prod'")]
    [InlineData("image", "--image")]
    [InlineData("gpus-text", "--gpus: 'two' is not a whole number")]
    [InlineData("priority-class", "no PriorityClass with name missing-class was found")]
    [InlineData("namespace-absent", "namespaces \"absent\" not found")]
    [InlineData("no-gpus", "--gpus (whole GPUs per pod, at least 1) or --gpu-milli")]
    [InlineData("gpus-and-share", "exclude each other")]
    [InlineData("share-range", "--gpu-milli must be 1–999")]
    public async Task Run_BadArguments_FailWithAMessageAndCreateNothing(string problem, string expected)
    {
        string[] args = problem switch
        {
            "name" => ["Bad_Name", "--image", "x", "--gpus", "1"],
            "gpus" => ["job", "--image", "x", "--gpus", "0"],
            "replicas" => ["job", "--image", "x", "--gpus", "1", "--replicas", "0"],
            "memory" => ["job", "--image", "x", "--gpus", "1", "--memory", "12X"],
            "cpu" => ["job", "--image", "x", "--gpus", "1", "--cpu", "-1"],
            "duration" => ["job", "--image", "x", "--gpus", "1", "--duration", "-5"],
            "gpu-resource" => ["job", "--image", "x", "--gpus", "1", "--gpu-resource", "gpu"],
            "queue" => ["job", "--image", "x", "--gpus", "1", "--queue", "bad queue"],
            "namespace" => ["job", "--image", "x", "--gpus", "1", "--namespace", "Prod"],
            "image" => ["job", "--image", " ", "--gpus", "1"],
            "gpus-text" => ["job", "--image", "x", "--gpus", "two"],
            "priority-class" => ["job", "--image", "x", "--gpus", "1", "--replicas", "2", "--priority-class", "missing-class"],
            "no-gpus" => ["job", "--image", "x"],
            "gpus-and-share" => ["job", "--image", "x", "--gpus", "1", "--gpu-milli", "500"],
            "share-range" => ["job", "--image", "x", "--gpu-milli", "1000"],
            _ => ["job", "--image", "x", "--gpus", "1", "--namespace", "absent"],
        };

        CliRun run = CliRun.Invoke(["k8s", "run", .. args, "--kubeconfig", _kubeconfig]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.StartsWith("aios: error: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty((await _client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: TestContext.Current.CancellationToken)).Items);
    }

    [Fact]
    public async Task Run_FailsPartWay_DeletesThePodsItCreated()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreatePodAsync("train-2", cancellationToken: cancellationToken);

        CliRun run = CliRun.Invoke("k8s", "run", "train", "--image", "trainer", "--gpus", "1", "--replicas", "4", "--gang", "--kubeconfig", _kubeconfig);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("creating pod default/train-2 failed: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("already exists (409 Conflict)", run.Error, StringComparison.Ordinal);
        Assert.Contains("deleted the 2 pod(s) it had created (train-0, train-1)", run.Error, StringComparison.Ordinal);
        V1PodList pods = await _client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: cancellationToken);
        Assert.Equal(["train-2"], pods.Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Nodes_BadToken_RefusedWithTheServersReason()
    {
        string kubeconfig = File.ReadAllText(_kubeconfig).Replace(_server.Token, "not-the-token", StringComparison.Ordinal);
        File.WriteAllText(_kubeconfig, kubeconfig);

        CliRun run = CliRun.Invoke("k8s", "nodes", "--kubeconfig", _kubeconfig);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"aios: error: the Kubernetes API server at {_server.Url.ToString().TrimEnd('/')} refused: Unauthorized (401 Unauthorized); check the credentials in the kubeconfig", run.Error.TrimEnd());
    }

    /// <summary>gpu-a: 8 A100, usable, one bound pod (2 GPUs, 4.5 cores, 16Gi) plus ones that use nothing; gpu-b: NotReady; gpu-c: cordoned, no GPUs.</summary>
    [Fact]
    public async Task Scheduler_Json_BindsTheWaitingPodsAndReportsEachInterval()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-a", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 8 }, labels: A100, cancellationToken: cancellationToken);
        await _client.CreatePodAsync("one", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 2 }, cancellationToken: cancellationToken);
        await _client.CreatePodAsync("too-big", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 16 }, cancellationToken: cancellationToken);

        // 20 s: the lease, the first list and one pass take well under a second on an idle machine, but a loaded 2-core CI
        // runner was seen to need more than 4 s, and once more than 10 s (the run's last line then had no binding yet),
        // while other test assemblies started API servers of their own.
        CliRun run = await Task.Run(() => CliRun.Invoke("k8s", "scheduler", "--kubeconfig", _kubeconfig, "--policy", "priority", "--interval", "0.5", "--duration", "20", "--json"), cancellationToken);

        Assert.Equal(0, run.ExitCode);
        JsonElement[] lines = [.. run.OutputLines.Select(line => JsonDocument.Parse(line).RootElement)];
        Assert.True(lines.Length >= 3, run.Output);
        JsonElement last = lines[^1].GetProperty("status");
        Assert.Contains(lines, line => line.GetProperty("status").GetProperty("isLeader").GetBoolean());
        Assert.Equal(1, last.GetProperty("podsBound").GetInt64());
        Assert.Equal(1, last.GetProperty("pendingPods").GetInt32());
        Assert.Equal("gpu-a", (await _client.CoreV1.ReadNamespacedPodAsync("one", "default", cancellationToken: cancellationToken)).Spec.NodeName);
        V1Pod waiting = await _client.CoreV1.ReadNamespacedPodAsync("too-big", "default", cancellationToken: cancellationToken);
        Assert.Contains(waiting.Status.Conditions, c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" } && c.Message.Contains("can never fit", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--policy", "fastest", "--policy")]
    [InlineData("--preemption", "maybe", "--preemption must be delete or evict")]
    [InlineData("--interval", "0", "--interval must be")]
    [InlineData("--duration", "-1", "--duration must be")]
    public void Scheduler_BadArgument_FailsWithTheReason(string option, string value, string expected)
    {
        CliRun run = CliRun.Invoke("k8s", "scheduler", "--kubeconfig", _kubeconfig, option, value);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    private async Task CreateClusterAsync()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _client.CreateGpuNodeAsync("gpu-a", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 8 }, cpu: "64", memory: "256Gi", labels: A100, cancellationToken: cancellationToken);
        await _client.CreateGpuNodeAsync("gpu-b", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 4 }, cpu: "32", memory: "128Gi", ready: false, cancellationToken: cancellationToken);
        await _client.CreateGpuNodeAsync("gpu-c", cpu: "16", memory: "64Gi", cancellationToken: cancellationToken);
        await _client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"unschedulable":true}}""", V1Patch.PatchType.MergePatch), "gpu-c", cancellationToken: cancellationToken);
        var twoGpus = new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 2 };
        await _client.CreatePodAsync("running", twoGpus, cpu: "4500m", memory: "16Gi", cancellationToken: cancellationToken);
        await _client.BindPodAsync("running", "gpu-a", cancellationToken: cancellationToken);
        await _client.SetPodPhaseAsync("running", "Running", cancellationToken: cancellationToken);
        await _client.CreatePodAsync("done", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 6 }, cancellationToken: cancellationToken);
        await _client.BindPodAsync("done", "gpu-a", cancellationToken: cancellationToken);
        await _client.SetPodPhaseAsync("done", "Succeeded", cancellationToken: cancellationToken);
        await _client.CreatePodAsync("waiting", twoGpus, cancellationToken: cancellationToken);
    }
}
