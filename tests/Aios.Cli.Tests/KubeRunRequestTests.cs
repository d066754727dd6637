using Aios.Cli.Kubernetes;

namespace Aios.Cli.Tests;

public sealed class KubeRunRequestTests
{
    [Theory]
    [InlineData("4", "4")]
    [InlineData("0.5", "500m")]
    [InlineData("1.25", "1250m")]
    [InlineData("500m", "500m")]
    [InlineData("2000m", "2")]
    [InlineData("0.001", "1m")]
    public void TryParseCpu_CoresOrMillicores_WrittenAsTheApiServerWritesThem(string text, string expected)
    {
        Assert.True(KubeRunRequest.TryParseCpu(text, out string? quantity));
        Assert.Equal(expected, quantity);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0m")]
    [InlineData("0.0001")]
    [InlineData("-1")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("1.5m")]
    [InlineData("")]
    public void TryParseCpu_NotAPositiveWholeNumberOfMillicores_Refused(string text) =>
        Assert.False(KubeRunRequest.TryParseCpu(text, out _));

    [Theory]
    [InlineData("16Gi", "16Gi")]
    [InlineData("16GiB", "16Gi")]
    [InlineData("512M", "512M")]
    [InlineData("1073741824", "1Gi")]
    public void TryParseMemory_AiosQuantity_WrittenAsAKubernetesQuantity(string text, string expected)
    {
        Assert.True(KubeRunRequest.TryParseMemory(text, out string? quantity));
        Assert.Equal(expected, quantity);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("16K")]
    [InlineData("1.5")]
    [InlineData("lots")]
    public void TryParseMemory_NotAPositiveAmount_Refused(string text) =>
        Assert.False(KubeRunRequest.TryParseMemory(text, out _));

    [Theory]
    [InlineData(1, new[] { "job" })]
    [InlineData(3, new[] { "job-0", "job-1", "job-2" })]
    public void PodNames_Replicas_NameAloneOrNumbered(int replicas, string[] expected)
    {
        Assert.True(Create("job", replicas: replicas, out KubeRunRequest? request, out string? error), error);
        Assert.Equal(expected, request!.PodNames);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("train-7b")]
    [InlineData("x123456789012345678901234567890123456789012345678901234567890ab")]
    public void TryCreate_DnsLabelName_Accepted(string name) => Assert.True(Create(name, 1, out _, out string? error), error);

    [Theory]
    [InlineData("Train")]
    [InlineData("-train")]
    [InlineData("train-")]
    [InlineData("train_1")]
    [InlineData("train.1")]
    [InlineData("train\n")]
    [InlineData("")]
    [InlineData("x123456789012345678901234567890123456789012345678901234567890abc")]
    public void TryCreate_NotADnsLabel_RefusedNamingTheRule(string name)
    {
        Assert.False(Create(name, 1, out _, out string? error));
        Assert.Contains("DNS-1123 label", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nvidia.com/gpu", true)]
    [InlineData("amd.com/gpu", true)]
    [InlineData("nvidia.com/mig-1g.10gb", true)]
    [InlineData("gpu", false)]
    [InlineData("nvidia/gpu", false)]
    [InlineData("nvidia.com/", false)]
    [InlineData("nvidia.com/gpu/x", false)]
    public void TryCreate_GpuResource_NeedsADomainAndAName(string resource, bool valid)
    {
        bool created = KubeRunRequest.TryCreate("job", "image", 1, null, 1, false, null, null, null, resource, null, null, null, [], out _, out string? error);

        Assert.Equal(valid, created);
        Assert.Equal(valid, error is null);
    }

    private static bool Create(string name, int replicas, out KubeRunRequest? request, out string? error) =>
        KubeRunRequest.TryCreate(name, "image", 1, null, replicas, false, null, null, null, "nvidia.com/gpu", null, null, null, [], out request, out error);

    [Theory]
    [InlineData(null, null, "--gpus (whole GPUs per pod, at least 1) or --gpu-milli")]
    [InlineData(1, 500, "exclude each other")]
    [InlineData(null, 1000, "--gpu-milli must be 1–999")]
    [InlineData(null, 0, "--gpu-milli must be 1–999")]
    [InlineData(0, null, "--gpus must be at least 1")]
    public void TryCreate_GpusOrAShare_ExactlyOneInRange(int? gpus, int? milli, string expected)
    {
        Assert.False(KubeRunRequest.TryCreate("job", "image", gpus, milli, 1, false, null, null, null, "nvidia.com/gpu", null, null, null, [], out _, out string? error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AShare_KeepsItsThousandths()
    {
        Assert.True(KubeRunRequest.TryCreate("job", "image", null, 250, 2, true, null, null, null, "nvidia.com/gpu", null, null, null, [], out KubeRunRequest? request, out _));
        Assert.Equal((0, 250), (request.Gpus, request.GpuMilli));
    }
}
