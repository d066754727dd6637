using k8s;
using k8s.KubeConfigModels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aios.Scheduling.Kubernetes.DependencyInjection;

/// <summary>
/// The client <c>services.AddAiosKubernetesScheduler</c> builds when the container has no <see cref="IKubernetes"/>: the
/// pod's service account when the process runs in a cluster (as kube-scheduler without <c>--kubeconfig</c> does), else the
/// files <c>$KUBECONFIG</c> lists (merged, the first that sets a value wins), else <c>~/.kube/config</c>.
/// </summary>
/// <remarks>In-cluster comes first because a scheduler is deployed as a pod; the kubeconfig is for running it from a
/// workstation. Unlike <see cref="KubernetesClientConfiguration.BuildDefaultConfig"/>, nothing found is an error rather
/// than a silent <c>localhost:8080</c>.</remarks>
internal static class KubernetesClientFactory
{
    /// <summary>Builds the client for this process's environment and logs where its configuration came from.</summary>
    /// <param name="loggerFactory">Where the choice is logged; null for nowhere.</param>
    /// <returns>The client; the container that holds it disposes it.</returns>
    /// <exception cref="InvalidOperationException">No configuration was found, or it cannot be read; the message says which and what to do.</exception>
    public static IKubernetes Create(ILoggerFactory? loggerFactory)
    {
        KubernetesClientConfiguration configuration = Configure(
            KubernetesClientConfiguration.IsInCluster,
            Environment.GetEnvironmentVariable("KUBECONFIG"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            out string source);
        ILogger logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<KubernetesScheduler>();
        Log.ClientConfigured(logger, configuration.Host, source);
        return BufferedResponsesHandler.CreateClient(configuration);
    }

    /// <summary>Finds the configuration: in-cluster, then <paramref name="kubeconfigVariable"/>'s files, then <c>HOME/.kube/config</c>.</summary>
    /// <param name="isInCluster">Whether the process runs in a pod with a service account.</param>
    /// <param name="kubeconfigVariable">The value of <c>$KUBECONFIG</c> (files separated by the path separator), or null.</param>
    /// <param name="home">The user's home folder, or null.</param>
    /// <param name="source">Where the configuration came from, for the log.</param>
    /// <returns>The client configuration.</returns>
    /// <exception cref="InvalidOperationException">No configuration was found, or it cannot be read.</exception>
    public static KubernetesClientConfiguration Configure(Func<bool> isInCluster, string? kubeconfigVariable, string? home, out string source)
    {
        if (isInCluster())
        {
            source = "the pod's service account (in-cluster)";
            return Read(source, KubernetesClientConfiguration.InClusterConfig);
        }

        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            FileInfo[] files = [.. kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(File.Exists).Select(f => new FileInfo(f))];
            if (files.Length == 0)
            {
                throw new InvalidOperationException(
                    $"AddAiosKubernetesScheduler: KUBECONFIG names no file that exists ('{kubeconfigVariable}'). Point it at a kubeconfig, or register an IKubernetes in the container.");
            }

            source = $"KUBECONFIG ({string.Join(", ", files.Select(f => f.FullName))})";
            return Read(source, () => KubernetesClientConfiguration.BuildConfigFromConfigObject(Merge(files)));
        }

        string? file = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        if (file is not null && File.Exists(file))
        {
            source = file;
            return Read(source, () => KubernetesClientConfiguration.BuildConfigFromConfigFile(file));
        }

        throw new InvalidOperationException(
            "AddAiosKubernetesScheduler: no Kubernetes configuration. The process is not in a pod with a service account, KUBECONFIG is not set and "
            + (file ?? "~/.kube/config") + " does not exist. Run it in a cluster, set KUBECONFIG, or register an IKubernetes in the container.");
    }

    /// <summary>kubectl's rule for the files of <c>$KUBECONFIG</c>: the first file that sets the current context or names a cluster, user or context wins.</summary>
    private static K8SConfiguration Merge(FileInfo[] files)
    {
        K8SConfiguration merged = KubernetesClientConfiguration.LoadKubeConfig(files[0]);
        foreach (FileInfo file in files.Skip(1))
        {
            K8SConfiguration next = KubernetesClientConfiguration.LoadKubeConfig(file);
            if (string.IsNullOrEmpty(merged.CurrentContext))
            {
                merged.CurrentContext = next.CurrentContext;
            }

            merged.Clusters = [.. merged.Clusters ?? [], .. (next.Clusters ?? []).Where(c => !(merged.Clusters ?? []).Any(known => known.Name == c.Name))];
            merged.Users = [.. merged.Users ?? [], .. (next.Users ?? []).Where(u => !(merged.Users ?? []).Any(known => known.Name == u.Name))];
            merged.Contexts = [.. merged.Contexts ?? [], .. (next.Contexts ?? []).Where(c => !(merged.Contexts ?? []).Any(known => known.Name == c.Name))];
        }

        return merged;
    }

    private static KubernetesClientConfiguration Read(string source, Func<KubernetesClientConfiguration> read)
    {
        try
        {
            return read();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The loader reports a bad file or a missing service-account token with whatever its YAML reader, the file system
            // or its own checks throw; the host is told which source failed.
            throw new InvalidOperationException($"AddAiosKubernetesScheduler: cannot read the Kubernetes configuration from {source}: {exception.Message}", exception);
        }
    }
}
