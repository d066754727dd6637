using Aios.Cli.Serving;
using Aios.Serving.Manifests;
using Aios.Testing.Kubernetes;
using k8s;
using k8s.Models;

namespace Aios.Cli.Tests;

/// <summary>A served model's manifests applied to a real API server (skipped with the reason without one): the server's
/// own validation accepts them, a second apply replaces in place.</summary>
public sealed class ServingApplyTests(KubeApiServerFixture fixture) : IClassFixture<KubeApiServerFixture>
{
    private static ServingManifestOptions Options(string name, int replicas) => new()
    {
        Name = name,
        Image = "example.invalid/server:1",
        Replicas = replicas,
        GpusPerReplica = 2,
        DeviceProduct = "NVIDIA-H100-80GB-HBM3",
        SchedulerName = "aios",
        Queue = "serving",
        ReadinessDelaySeconds = 60,
        Arguments = { "--max-num-seqs", "32" },
        Labels = { ["aios.dev/model"] = "llama" },
    };

    [Fact]
    public async Task Apply_Twice_CreatesThenReplacesKeepingTheClusterIp()
    {
        KubeApiServer server = fixture.Server;
        using IKubernetes client = server.CreateClient();
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        string name = ServingManifests.NameFor("llama apply " + Guid.NewGuid().ToString("N")[..6], 1);

        var (first, error) = await ServingApply.ApplyAsync(client, server.Url.ToString(), ServingManifests.CreateDeployment(Options(name, 3)), ServingManifests.CreateService(Options(name, 3)), cancellationToken);
        Assert.Null(error);
        Assert.Equal(["Deployment created", "Service created"], first!.Select(a => $"{a.Kind} {a.Action}"));
        V1Deployment deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, "default", cancellationToken: cancellationToken);
        V1Service service = await client.CoreV1.ReadNamespacedServiceAsync(name, "default", cancellationToken: cancellationToken);
        Assert.Equal(3, deployment.Spec.Replicas);
        V1PodSpec pod = deployment.Spec.Template.Spec;
        Assert.Equal("aios", pod.SchedulerName);
        Assert.Equal("NVIDIA-H100-80GB-HBM3", pod.NodeSelector["nvidia.com/gpu.product"]);
        Assert.Equal("2", pod.Containers[0].Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("serving", deployment.Spec.Template.Metadata.Labels[ServingManifests.QueueLabel]);
        Assert.Equal(name, service.Spec.Selector[ServingManifests.NameLabel]);
        string clusterIp = service.Spec.ClusterIP;
        Assert.False(string.IsNullOrEmpty(clusterIp));

        var (second, again) = await ServingApply.ApplyAsync(client, server.Url.ToString(), ServingManifests.CreateDeployment(Options(name, 5)), ServingManifests.CreateService(Options(name, 5)), cancellationToken);
        Assert.Null(again);
        Assert.Equal(["Deployment replaced", "Service replaced"], second!.Select(a => $"{a.Kind} {a.Action}"));
        Assert.Equal(5, (await client.AppsV1.ReadNamespacedDeploymentAsync(name, "default", cancellationToken: cancellationToken)).Spec.Replicas);
        Assert.Equal(clusterIp, (await client.CoreV1.ReadNamespacedServiceAsync(name, "default", cancellationToken: cancellationToken)).Spec.ClusterIP);
    }

    [Fact]
    public async Task Apply_MissingNamespace_FailsSayingSoAndAppliesNothing()
    {
        KubeApiServer server = fixture.Server;
        using IKubernetes client = server.CreateClient();
        ServingManifestOptions options = Options("absent-ns-v1", 1);
        options.Namespace = "no-such-namespace";

        var (applied, error) = await ServingApply.ApplyAsync(client, server.Url.ToString(), ServingManifests.CreateDeployment(options), ServingManifests.CreateService(options), TestContext.Current.CancellationToken);

        Assert.Null(applied);
        Assert.Contains("applying the Deployment failed", error, StringComparison.Ordinal);
        Assert.Contains("no-such-namespace", error, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServePlan_Apply_CreatesThePlansDeploymentForTheAiosScheduler()
    {
        KubeApiServer server = fixture.Server;
        using IKubernetes client = server.CreateClient();
        string folder = Directory.CreateTempSubdirectory("aios-serve-apply-").FullName;
        try
        {
            string kubeconfig = server.WriteKubeconfig(Path.Combine(folder, "kubeconfig"));

            CliRun run = CliRun.Invoke("serve", "plan", "--parameters", "7e9", "--rate", "6", "--prompt-tokens", "500", "--output-tokens", "100", "--objective", "p99-ttft<=2s", "--replay-seconds", "0",
                "--apply", "--kubeconfig", kubeconfig, "--image", "example.invalid/server:1", "--scheduler", "aios", "--json");

            Assert.Equal(0, run.ExitCode);
            using var plan = System.Text.Json.JsonDocument.Parse(run.Output);
            var output = plan.RootElement.GetProperty("kubernetes");
            string name = output.GetProperty("name").GetString()!;
            Assert.Equal([$"Deployment default/{name} created", $"Service default/{name} created"], output.GetProperty("applied").EnumerateArray().Select(a => a.GetString()));
            V1Deployment deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(name, "default", cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal(plan.RootElement.GetProperty("replicas").GetInt32(), deployment.Spec.Replicas);
            Assert.Equal("aios", deployment.Spec.Template.Spec.SchedulerName);
            Assert.Equal(Aios.Cli.Serving.ServeKubernetes.ProductLabels[plan.RootElement.GetProperty("deviceType").GetString()!], deployment.Spec.Template.Spec.NodeSelector["nvidia.com/gpu.product"]);

            CliRun again = CliRun.Invoke("serve", "plan", "--parameters", "7e9", "--rate", "6", "--prompt-tokens", "500", "--output-tokens", "100", "--objective", "p99-ttft<=2s", "--replay-seconds", "0",
                "--apply", "--kubeconfig", kubeconfig, "--image", "example.invalid/server:1", "--scheduler", "aios");
            Assert.Equal(0, again.ExitCode);
            Assert.Contains($"applied: Deployment default/{name} replaced", again.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
