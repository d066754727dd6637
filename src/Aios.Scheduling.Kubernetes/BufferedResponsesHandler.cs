using k8s;

namespace Aios.Scheduling.Kubernetes;

/// <summary>
/// Reads every response body except a watch's into memory before the Kubernetes client sees it. KubernetesClient
/// deserializes response bodies with a synchronous read of the stream, which holds a thread-pool thread until the body
/// arrives; with many calls in flight (the scheduler binds <see cref="KubernetesSchedulerOptions.Concurrency"/> pods at
/// once) a small machine's thread pool starves, and binding slows down or stalls. From a buffer the synchronous read
/// never waits. Measured on the project's 2-core machine (1,000 nodes, 5,000 pending pods): 1,044–1,521 bindings/s
/// with it against 571–626/s, and no stall at Concurrency 128.
/// </summary>
/// <remarks>Watches (<c>watch=true</c>) stream and are passed through untouched. A list is held in memory once more
/// while it is decoded (the client holds the decoded objects anyway).</remarks>
public sealed class BufferedResponsesHandler : DelegatingHandler
{
    /// <summary>Creates a client for <paramref name="configuration"/> whose non-watch responses are buffered: the client the scheduler should be given.</summary>
    /// <param name="configuration">The client's configuration (kubeconfig, in-cluster).</param>
    /// <returns>The client; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
    public static IKubernetes CreateClient(KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new k8s.Kubernetes(configuration, new BufferedResponsesHandler());
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!IsWatch(request.RequestUri))
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsWatch(Uri? uri)
    {
        string query = uri?.Query ?? "";
        foreach (string pair in query.TrimStart('?').Split('&'))
        {
            if (pair.Equals("watch=true", StringComparison.OrdinalIgnoreCase) || pair.Equals("watch=1", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
