namespace Aios.KubeBench;

/// <summary>
/// Reads each response body (watches excepted) into memory before the Kubernetes client sees it. KubernetesClient 21
/// deserializes response bodies with the synchronous <c>JsonSerializer.Deserialize(Stream)</c>
/// (<c>k8s.Kubernetes.CreateResultAsync</c>), which blocks a thread-pool thread in <c>Http2Stream.WaitForData</c> until
/// the body arrives; with many requests in flight on a 2-core machine the thread pool starves. From a buffer the
/// synchronous read never waits.
/// </summary>
internal sealed class BufferedResponses : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.RequestUri?.Query.Contains("watch=true", StringComparison.Ordinal) != true)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        return response;
    }
}
