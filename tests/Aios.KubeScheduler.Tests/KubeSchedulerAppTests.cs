using System.Net;
using System.Text.Json;
using Aios.Testing.Kubernetes;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Aios.KubeScheduler.Tests;

/// <summary>The app itself, started in-process on a free port against a real API server, read through its endpoints.</summary>
public sealed class KubeSchedulerAppTests : IClassFixture<KubeApiServerFixture>, IAsyncLifetime
{
    private readonly KubeApiServer _server;
    private readonly IKubernetes _admin;

    public KubeSchedulerAppTests(KubeApiServerFixture fixture)
    {
        _server = fixture.Server;
        _admin = _server.CreateClient();
    }

    public async ValueTask InitializeAsync() => await _admin.DeleteAllAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        _admin.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Build_RunAgainstTheApiServer_ProbesStatusAndMetricsAnswer()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await _admin.CreateGpuNodeAsync("gpu-1", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 8 }, cancellationToken: cancellationToken);
        await using WebApplication app = KubeSchedulerApp.Build(
            [
                "--urls", "http://127.0.0.1:0",
                "--contentRoot", SampleFiles.Folder,
                "--Aios:KubernetesScheduler:LeaseName=aios-app-test",
                "--Aios:KubernetesScheduler:LeaseDurationSeconds=4",
                "--Aios:KubernetesScheduler:RenewDeadlineSeconds=3",
                "--Aios:KubernetesScheduler:RetryPeriodSeconds=0.5",
            ],
            services => services.AddSingleton(_ => _server.CreateClient()));
        await app.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        await KubeWait.UntilAsync(async ct => (await http.GetAsync(new Uri(KubeSchedulerApp.ReadinessPath, UriKind.Relative), ct)).StatusCode == HttpStatusCode.OK, "/readyz answering 200", cancellationToken);
        await _admin.CreatePodAsync("train-0", new Dictionary<string, int> { [KubeTestObjects.NvidiaGpu] = 2 }, cancellationToken: cancellationToken);
        await KubeWait.UntilAsync(async ct => (await _admin.CoreV1.ReadNamespacedPodAsync("train-0", "default", cancellationToken: ct)).Spec.NodeName == "gpu-1", "train-0 bound", cancellationToken);
        HttpResponseMessage liveness = await http.GetAsync(new Uri(KubeSchedulerApp.LivenessPath, UriKind.Relative), cancellationToken);
        string metrics = "";
        await KubeWait.UntilAsync(
            async ct => (metrics = await http.GetStringAsync(new Uri(KubeSchedulerApp.MetricsPath, UriKind.Relative), ct)).Contains("aios_kubernetes_bindings_total{", StringComparison.Ordinal),
            "the binding counted in /metrics",
            cancellationToken);
        using JsonDocument status = JsonDocument.Parse(await http.GetStringAsync(new Uri(KubeSchedulerApp.StatusPath, UriKind.Relative), cancellationToken));
        await app.StopAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
        Assert.Equal("Healthy", await liveness.Content.ReadAsStringAsync(cancellationToken));
        Assert.Contains("result=\"bound\"", metrics, StringComparison.Ordinal);
        Assert.Contains("aios_kubernetes_leader", metrics, StringComparison.Ordinal);
        Assert.Contains("aios_kubernetes_pass_duration_seconds_bucket", metrics, StringComparison.Ordinal);
        Assert.True(status.RootElement.GetProperty("isLeader").GetBoolean());
        Assert.Equal(1, status.RootElement.GetProperty("podsBound").GetInt64());
        Assert.Equal(1, status.RootElement.GetProperty("nodes").GetInt32());
    }

    [Fact]
    public async Task Build_NotSyncedYet_ReadinessAnswers503AndLivenessAnswers200()
    {
        CancellationToken cancellationToken = TestContext.Current.CancellationToken;
        await using WebApplication app = KubeSchedulerApp.Build(
            ["--urls", "http://127.0.0.1:0", "--contentRoot", SampleFiles.Folder, "--Aios:KubernetesScheduler:LeaderElection=false"],
            services => services.AddSingleton<IKubernetes>(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" })));
        await app.StartAsync(cancellationToken);
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        HttpResponseMessage readiness = await http.GetAsync(new Uri(KubeSchedulerApp.ReadinessPath, UriKind.Relative), cancellationToken);
        HttpResponseMessage liveness = await http.GetAsync(new Uri(KubeSchedulerApp.LivenessPath, UriKind.Relative), cancellationToken);
        await app.StopAsync(cancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, readiness.StatusCode);
        Assert.Equal(HttpStatusCode.OK, liveness.StatusCode);
    }

    [Fact]
    public async Task Build_InvalidOptions_StartFailsListingEveryOne()
    {
        await using WebApplication app = KubeSchedulerApp.Build(
            ["--urls", "http://127.0.0.1:0", "--contentRoot", SampleFiles.Folder, "--Aios:KubernetesScheduler:Concurrency=0", "--Aios:KubernetesScheduler:Scheduler:Policy=nope", "--Aios:KubernetesScheduler:Leaderelection=yes"],
            services => services.AddSingleton<IKubernetes>(new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" })));

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(3, exception.Failures.Count());
        Assert.Contains("Concurrency must be in 1–1,024; it is 0.", exception.Failures);
        Assert.Contains(exception.Failures, f => f.StartsWith("Aios:KubernetesScheduler:Scheduler:Policy: ", StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.StartsWith("Aios:KubernetesScheduler:LeaderElection: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_Logging_IsTheJsonConsoleFormatter()
    {
        await using WebApplication app = KubeSchedulerApp.Build(["--contentRoot", SampleFiles.Folder]);

        Assert.Equal(ConsoleFormatterNames.Json, app.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        Assert.Single(app.Services.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>(), p => p is ConsoleLoggerProvider);
    }
}
