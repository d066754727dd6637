using System.Text.RegularExpressions;
using Aios.Scheduling.Kubernetes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Aios.KubeScheduler.Tests;

/// <summary>The manifests of deploy/ and the Dockerfile agree with each other and with the app.</summary>
public sealed partial class DeployManifestTests
{
    private const string Prefix = "Aios__KubernetesScheduler__";

    [Fact]
    public void Deployment_Parses_TwoReplicasWithProbesOnTheAppsEndpoints()
    {
        V1Deployment deployment = SampleFiles.Single<V1Deployment>("deployment.yaml");
        V1Container container = Assert.Single(deployment.Spec.Template.Spec.Containers);

        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal(KubeSchedulerApp.LivenessPath, container.LivenessProbe.HttpGet.Path);
        Assert.Equal(KubeSchedulerApp.ReadinessPath, container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("http", container.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal(8080, Assert.Single(container.Ports, p => p.Name == "http").ContainerPort);
        Assert.Equal(KubeSchedulerApp.MetricsPath, deployment.Spec.Template.Metadata.Annotations["prometheus.io/path"]);
        Assert.Equal("8080", deployment.Spec.Template.Metadata.Annotations["prometheus.io/port"]);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels);
    }

    [Fact]
    public void Deployment_Container_NonRootReadOnlyWithRequestsAndAWritableTmp()
    {
        V1PodSpec pod = SampleFiles.Single<V1Deployment>("deployment.yaml").Spec.Template.Spec;
        V1Container container = Assert.Single(pod.Containers);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(1654, pod.SecurityContext.RunAsUser);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal(["cpu", "memory"], container.Resources.Requests.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("/tmp", Assert.Single(container.VolumeMounts).MountPath);
        Assert.NotNull(Assert.Single(pod.Volumes).EmptyDir);
        Assert.DoesNotContain("/", container.Image.Split(':')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_ServiceAccountConfigMapAndIdentity_AreTheOnesTheOtherManifestsDefine()
    {
        V1Deployment deployment = SampleFiles.Single<V1Deployment>("deployment.yaml");
        V1Container container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        V1ServiceAccount account = SampleFiles.Single<V1ServiceAccount>("rbac.yaml");
        V1ConfigMap options = SampleFiles.Single<V1ConfigMap>("config.yaml");

        Assert.Equal(account.Metadata.Name, deployment.Spec.Template.Spec.ServiceAccountName);
        Assert.Equal(account.Namespace(), deployment.Namespace());
        Assert.Equal(options.Metadata.Name, Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        Assert.Equal(options.Namespace(), deployment.Namespace());
        Assert.Equal("metadata.name", Assert.Single(container.Env, e => e.Name == Prefix + "Identity").ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public void ConfigMap_Options_PassValidationWithLeaderElectionOnTheRolesLease()
    {
        V1ConfigMap map = SampleFiles.Single<V1ConfigMap>("config.yaml");
        V1Role role = Assert.Single(SampleFiles.Manifest("rbac.yaml").OfType<V1Role>());
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(map.Data.Select(pair => KeyValuePair.Create(pair.Key.Replace("__", ":", StringComparison.Ordinal), (string?)pair.Value)))
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{KubeSchedulerApp.ConfigurationSection}:Identity"] = "aios-scheduler-7f9c5-x2x4z" })
            .Build();
        using IKubernetes client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "https://127.0.0.1:1" });
        using ServiceProvider provider = new ServiceCollection()
            .AddSingleton(client)
            .AddAiosKubernetesScheduler(configuration.GetSection(KubeSchedulerApp.ConfigurationSection))
            .BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        KubernetesSchedulerOptions options = provider.GetRequiredService<IOptions<KubernetesSchedulerOptions>>().Value;

        Assert.All(map.Data.Keys, key => Assert.True(key.StartsWith(Prefix, StringComparison.Ordinal) || key.StartsWith("Logging__", StringComparison.Ordinal), key));
        Assert.True(options.LeaderElection);
        Assert.Equal(role.Namespace(), options.LeaseNamespace);
        Assert.Contains(role.Rules, rule => rule.ResourceNames?.Contains(options.LeaseName) == true && rule.Verbs.Contains("update") && rule.Verbs.Contains("get"));
        Assert.Equal("aios", options.Inventory.SchedulerName);
    }

    [Fact]
    public void Dockerfile_BaseImageArgumentHasNoDefault_AndRunsTheAppNonRootOnItsPort()
    {
        string dockerfile = SampleFiles.Read("Dockerfile");
        string[] instructions = [.. dockerfile.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#'))];

        Assert.Equal("ARG BASE_IMAGE", instructions[0]);
        Assert.Equal("FROM ${BASE_IMAGE}", instructions[1]);
        Assert.Contains("EXPOSE 8080", instructions);
        Assert.Contains("USER 1654", instructions);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"/app/{typeof(KubeSchedulerApp).Assembly.GetName().Name}.dll\"]", instructions);
        Assert.DoesNotMatch(RegistryHost(), dockerfile);
    }

    /// <summary>A registry host in an image reference: a name with a dot or a port before the first slash.</summary>
    [GeneratedRegex(@"(?m)^\s*FROM\s+[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]+)?/")]
    private static partial Regex RegistryHost();
}
