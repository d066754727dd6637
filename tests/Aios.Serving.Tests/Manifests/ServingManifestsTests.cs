using System.Text.Json.Nodes;
using Aios.Serving.Manifests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Aios.Serving.Tests.Manifests;

public sealed class ServingManifestsTests
{
    private static ServingManifestOptions Options() => new()
    {
        Name = "llama-2-7b-v3",
        Namespace = "serving",
        Image = "example.invalid/vllm:0.6",
        Replicas = 4,
        GpusPerReplica = 2,
        DeviceProduct = "NVIDIA-A100-SXM4-80GB",
        SchedulerName = "aios",
        Queue = "inference",
        ReadinessDelaySeconds = 90,
        Arguments = { "--model", "/models/llama", "--max-num-seqs", "64" },
        Environment = { ["AIOS_MODEL"] = "llama-2-7b@3" },
        Labels = { ["aios.dev/model"] = "llama-2-7b", ["aios.dev/model-version"] = "3" },
        Annotations = { ["aios.dev/objective"] = "p99-ttft<=2s" },
    };

    [Fact]
    public void CreateDeployment_SaysReplicasGpusDeviceTypeSchedulerAndQueue()
    {
        JsonObject deployment = ServingManifests.CreateDeployment(Options());

        Assert.Equal("apps/v1", (string?)deployment["apiVersion"]);
        Assert.Equal("Deployment", (string?)deployment["kind"]);
        Assert.Equal("llama-2-7b-v3", (string?)deployment["metadata"]!["name"]);
        Assert.Equal("serving", (string?)deployment["metadata"]!["namespace"]);
        Assert.Equal(4, (int)deployment["spec"]!["replicas"]!);
        JsonNode pod = deployment["spec"]!["template"]!;
        JsonNode container = pod["spec"]!["containers"]![0]!;
        Assert.Equal("example.invalid/vllm:0.6", (string?)container["image"]);
        Assert.Equal("2", (string?)container["resources"]!["requests"]!["nvidia.com/gpu"]);
        Assert.Equal("2", (string?)container["resources"]!["limits"]!["nvidia.com/gpu"]);
        Assert.Equal(["--model", "/models/llama", "--max-num-seqs", "64"], container["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("AIOS_MODEL", (string?)container["env"]![0]!["name"]);
        Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
        Assert.Equal(90, (int)container["readinessProbe"]!["initialDelaySeconds"]!);
        Assert.Equal("aios", (string?)pod["spec"]!["schedulerName"]);
        Assert.Equal("NVIDIA-A100-SXM4-80GB", (string?)pod["spec"]!["nodeSelector"]!["nvidia.com/gpu.product"]);
        Assert.Equal("inference", (string?)pod["metadata"]!["labels"]![ServingManifests.QueueLabel]);
        Assert.Equal("p99-ttft<=2s", (string?)pod["metadata"]!["annotations"]!["aios.dev/objective"]);

        // The selector picks exactly the template's pods.
        JsonObject selector = deployment["spec"]!["selector"]!["matchLabels"]!.AsObject();
        JsonObject podLabels = pod["metadata"]!["labels"]!.AsObject();
        Assert.All(selector, s => Assert.Equal((string?)s.Value, (string?)podLabels[s.Key]));
    }

    [Fact]
    public void CreateService_SelectsTheDeploymentsPodsOnTheServerPort()
    {
        ServingManifestOptions options = Options();
        JsonObject service = ServingManifests.CreateService(options);
        JsonObject deployment = ServingManifests.CreateDeployment(options);

        Assert.Equal("Service", (string?)service["kind"]);
        Assert.Equal("ClusterIP", (string?)service["spec"]!["type"]);
        Assert.Equal(80, (int)service["spec"]!["ports"]![0]!["port"]!);
        Assert.Equal("http", (string?)service["spec"]!["ports"]![0]!["targetPort"]);
        Assert.Equal("http", (string?)deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["name"]);
        JsonObject podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.All(service["spec"]!["selector"]!.AsObject(), s => Assert.Equal((string?)s.Value, (string?)podLabels[s.Key]));
    }

    [Fact]
    public void CreateList_HoldsTheDeploymentThenTheService()
    {
        JsonObject list = ServingManifests.CreateList(Options());

        Assert.Equal("List", (string?)list["kind"]);
        Assert.Equal(["Deployment", "Service"], list["items"]!.AsArray().Select(i => (string?)i!["kind"]));
    }

    [Fact]
    public void CreateDeployment_NoGpusNoSchedulerNoProduct_LeavesThemOut()
    {
        ServingManifestOptions options = new() { Name = "cpu-model-v1", Image = "img", GpusPerReplica = 0, ReadinessPath = null };
        JsonObject deployment = ServingManifests.CreateDeployment(options);
        JsonNode spec = deployment["spec"]!["template"]!["spec"]!;

        Assert.Null(spec["schedulerName"]);
        Assert.Null(spec["nodeSelector"]);
        Assert.Null(spec["containers"]![0]!["resources"]);
        Assert.Null(spec["containers"]![0]!["readinessProbe"]);
    }

    public static TheoryData<string, Action<ServingManifestOptions>> BadOptions => new()
    {
        { "Name", o => o.Name = "" },
        { "Name", o => o.Name = "Llama" },
        { "Name", o => o.Name = "7b-model" },
        { "Name", o => o.Name = new string('a', 64) },
        { "Namespace", o => o.Namespace = "Serving" },
        { "Image", o => o.Image = "" },
        { "Image", o => o.Image = "a b" },
        { "Replicas", o => o.Replicas = -1 },
        { "GpusPerReplica", o => o.GpusPerReplica = 70_000 },
        { "ContainerPort", o => o.ContainerPort = 0 },
        { "ServicePort", o => o.ServicePort = 65_536 },
        { "ReadinessDelaySeconds", o => o.ReadinessDelaySeconds = -1 },
        { "ReadinessPath", o => o.ReadinessPath = "health" },
        { "GpuResource", o => o.GpuResource = "gpu" },
        { "DeviceProduct", o => o.DeviceProduct = "NVIDIA A100" },
        { "DeviceProductLabel", o => o.DeviceProductLabel = "bad label" },
        { "Queue", o => o.Queue = "" },
        { "SchedulerName", o => o.SchedulerName = "Aios" },
        { "Labels", o => o.Labels["app.kubernetes.io/name"] = "other" },
        { "Labels", o => o.Labels["ok"] = "not ok" },
        { "Annotations", o => o.Annotations["bad key!"] = "v" },
        { "Environment", o => o.Environment["1VAR"] = "v" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Create_BadOption_ThrowsNamingIt(string option, Action<ServingManifestOptions> spoil)
    {
        ServingManifestOptions options = Options();
        spoil(options);

        var deployment = Assert.ThrowsAny<ArgumentException>(() => ServingManifests.CreateDeployment(options));
        var service = Assert.ThrowsAny<ArgumentException>(() => ServingManifests.CreateService(options));

        Assert.Equal($"ServingManifestOptions.{option}", deployment.ParamName);
        Assert.Contains($"ServingManifestOptions.{option} must be", deployment.Message, StringComparison.Ordinal);
        Assert.Equal(deployment.ParamName, service.ParamName);
    }

    [Theory]
    [InlineData("Llama-2-7B", 3, "llama-2-7b-v3")]
    [InlineData("meta-llama/Llama-3.1-70B-Instruct", 12, "meta-llama-llama-3-1-70b-instruct-v12")]
    [InlineData("7B model", 1, "m-7b-model-v1")]
    [InlineData("___", 2, "model-v2")]
    [InlineData("", 1, "model-v1")]
    public void NameFor_MakesADns1035Label(string model, int version, string expected) =>
        Assert.Equal(expected, ServingManifests.NameFor(model, version));

    [Property(MaxTest = 5000)]
    public Property NameFor_AnyModelAndVersion_IsAValidNameEndingWithTheVersion() => Prop.ForAll(
        ArbMap.Default.ArbFor<string>().Filter(s => s is not null),
        Gen.Choose(1, int.MaxValue).ToArbitrary(),
        (model, version) =>
        {
            string name = ServingManifests.NameFor(model, version);
            ServingManifests.CreateService(new ServingManifestOptions { Name = name, Image = "img" });
            return name.Length <= 63 && name.EndsWith($"-v{version}", StringComparison.Ordinal) && name == ServingManifests.NameFor(model, version);
        });

    [Fact]
    public void NameFor_BadVersion_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>("version", () => ServingManifests.NameFor("m", 0));
}
