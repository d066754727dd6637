using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.KubeConfigModels;
using k8s.Models;

namespace Aios.Cli.Kubernetes;

/// <summary>
/// Where the <c>aios k8s</c> commands find the cluster, as kubectl does: <c>--kubeconfig FILE</c>, else the files
/// <c>$KUBECONFIG</c> lists (merged, the first one that sets a value wins), else <c>~/.kube/config</c>, else the pod's own
/// service account when running inside a cluster. Also the one sentence a failed request is reported with.
/// </summary>
internal static class KubeConnection
{
    /// <summary>Finds the configuration for this process's environment.</summary>
    public static bool TryConfigure(string? kubeconfig, [NotNullWhen(true)] out KubernetesClientConfiguration? configuration, [NotNullWhen(false)] out string? error) =>
        TryConfigure(
            kubeconfig,
            Environment.GetEnvironmentVariable("KUBECONFIG"),
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            KubernetesClientConfiguration.IsInCluster,
            out configuration,
            out error);

    /// <summary>Finds the configuration: the option, then <paramref name="kubeconfigVariable"/>, then <c>HOME/.kube/config</c>, then in-cluster.</summary>
    /// <param name="kubeconfig">The <c>--kubeconfig</c> option, or null.</param>
    /// <param name="kubeconfigVariable">The value of <c>$KUBECONFIG</c> (files separated by <c>:</c>), or null.</param>
    /// <param name="home">The user's home folder, or null.</param>
    /// <param name="isInCluster">Whether the process runs in a pod with a service account.</param>
    /// <param name="configuration">The client configuration.</param>
    /// <param name="error">What is wrong, naming where it looked.</param>
    /// <returns>Whether a configuration was found and read.</returns>
    public static bool TryConfigure(
        string? kubeconfig,
        string? kubeconfigVariable,
        string? home,
        Func<bool> isInCluster,
        [NotNullWhen(true)] out KubernetesClientConfiguration? configuration,
        [NotNullWhen(false)] out string? error)
    {
        configuration = null;
        if (!string.IsNullOrEmpty(kubeconfig))
        {
            return File.Exists(kubeconfig)
                ? TryRead("--kubeconfig", [new FileInfo(kubeconfig)], out configuration, out error)
                : Fail($"--kubeconfig: '{kubeconfig}' does not exist", out error);
        }

        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            FileInfo[] files = [.. kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Where(File.Exists).Select(f => new FileInfo(f))];
            return files.Length > 0
                ? TryRead("KUBECONFIG", files, out configuration, out error)
                : Fail($"KUBECONFIG names no file that exists ('{kubeconfigVariable}')", out error);
        }

        string? defaultFile = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".kube", "config");
        if (defaultFile is not null && File.Exists(defaultFile))
        {
            return TryRead("~/.kube/config", [new FileInfo(defaultFile)], out configuration, out error);
        }

        if (isInCluster())
        {
            try
            {
                configuration = KubernetesClientConfiguration.InClusterConfig();
                error = null;
                return true;
            }
            catch (Exception exception) when (exception is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException)
            {
                return Fail($"cannot read the in-cluster configuration: {CliConsole.Describe(exception)}", out error);
            }
        }

        return Fail("no Kubernetes configuration: pass --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run inside a cluster", out error);
    }

    /// <summary>Creates the client, or says why it cannot be created from the configuration.</summary>
    public static bool TryCreateClient(KubernetesClientConfiguration configuration, [NotNullWhen(true)] out IKubernetes? client, [NotNullWhen(false)] out string? error)
    {
        try
        {
            client = Aios.Scheduling.Kubernetes.BufferedResponsesHandler.CreateClient(configuration);   // non-watch bodies read before the client's synchronous decode
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is k8s.Exceptions.KubeConfigException or IOException or UnauthorizedAccessException or FormatException or System.Security.Cryptography.CryptographicException or UriFormatException)
        {
            client = null;
            error = $"cannot use the Kubernetes configuration for {configuration.Host}: {CliConsole.Describe(exception)}";
            return false;
        }
    }

    /// <summary>
    /// Whether a failed request is the outside world's (the server unreachable, slow or refusing) rather than a bug, with
    /// the sentence to report: what failed, where, and the API server's own message.
    /// </summary>
    public static bool TryDescribe(Exception exception, string server, [NotNullWhen(true)] out string? message)
    {
        message = exception switch
        {
            HttpOperationException { Response: { } response } refused => $"the Kubernetes API server at {server} refused: {StatusMessage(refused) ?? response.ReasonPhrase ?? "no reason given"} ({(int)response.StatusCode} {response.StatusCode}){Hint(response.StatusCode)}",
            HttpRequestException request => $"cannot reach the Kubernetes API server at {server}: {Innermost(request)}",
            TaskCanceledException or TimeoutException => $"the Kubernetes API server at {server} did not answer in time",
            SocketException or IOException => $"cannot reach the Kubernetes API server at {server}: {exception.Message}",
            _ => null,
        };
        return message is not null;
    }

    /// <summary>The <c>message</c> of the Status object the API server answers an error with.</summary>
    public static string? StatusMessage(HttpOperationException exception)
    {
        string? content = exception.Response?.Content;
        if (string.IsNullOrWhiteSpace(content))
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<V1Status>(content) is { Message: { Length: > 0 } text } ? text : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "; check the credentials in the kubeconfig",
        _ => string.Empty,
    };

    private static string Innermost(Exception exception)
    {
        Exception inner = exception;
        while (inner.InnerException is { } next)
        {
            inner = next;
        }

        // HttpClient's own words come first ("Connection refused (host:port)", "The SSL connection could not be established,
        // see inner exception."); the innermost cause is added where they do not already say it.
        string outer = CliConsole.Describe(exception);
        string cause = CliConsole.Describe(inner);
        return ReferenceEquals(inner, exception) || outer.Contains(cause, StringComparison.Ordinal) ? outer
            : $"{outer.Replace(", see inner exception", string.Empty, StringComparison.Ordinal).TrimEnd('.')}: {cause}";
    }

    private static bool TryRead(string source, FileInfo[] files, [NotNullWhen(true)] out KubernetesClientConfiguration? configuration, [NotNullWhen(false)] out string? error)
    {
        try
        {
            K8SConfiguration merged = KubernetesClientConfiguration.LoadKubeConfig(files[0]);
            foreach (FileInfo file in files.Skip(1))
            {
                Merge(merged, KubernetesClientConfiguration.LoadKubeConfig(file));
            }

            configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(merged);
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The kubeconfig loader reports a bad file with whatever its YAML reader, the file system or its own checks throw.
            configuration = null;
            error = $"{source}: cannot read the kubeconfig ({string.Join(", ", files.Select(f => f.FullName))}): {CliConsole.Describe(exception)}";
            return false;
        }
    }

    /// <summary>kubectl's rule for the files of <c>$KUBECONFIG</c>: the first file that sets the current context or names a cluster, user or context wins.</summary>
    private static void Merge(K8SConfiguration into, K8SConfiguration from)
    {
        if (string.IsNullOrEmpty(into.CurrentContext))
        {
            into.CurrentContext = from.CurrentContext;
        }

        into.Clusters = [.. into.Clusters ?? [], .. (from.Clusters ?? []).Where(c => !(into.Clusters ?? []).Any(known => known.Name == c.Name))];
        into.Users = [.. into.Users ?? [], .. (from.Users ?? []).Where(u => !(into.Users ?? []).Any(known => known.Name == u.Name))];
        into.Contexts = [.. into.Contexts ?? [], .. (from.Contexts ?? []).Where(c => !(into.Contexts ?? []).Any(known => known.Name == c.Name))];
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
