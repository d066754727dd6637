using System.Net;
using k8s;

namespace Aios.Scheduling.Kubernetes.Tests;

public sealed class BufferedResponsesHandlerTests
{
    private sealed class Answer(MemoryStream body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
    }

    [Theory]
    [InlineData("https://api/api/v1/pods?limit=500", true)]
    [InlineData("https://api/api/v1/namespaces/ml/pods/p/binding", true)]
    [InlineData("https://api/api/v1/pods?resourceVersion=12&watch=true", false)]
    [InlineData("https://api/api/v1/pods?watch=1&allowWatchBookmarks=true", false)]
    [InlineData("https://api/api/v1/pods?watchers=true", true)]
    public async Task SendAsync_ReadsEveryBodyButAWatchsBeforeReturning(string uri, bool buffered)
    {
        byte[] bytes = new byte[100_000];
        var body = new MemoryStream(bytes);   // its position tells how much of the body was read
        using var invoker = new HttpMessageInvoker(new BufferedResponsesHandler { InnerHandler = new Answer(body) });

        using HttpResponseMessage response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), TestContext.Current.CancellationToken);

        Assert.Equal(buffered ? bytes.Length : 0, body.Position);
        Assert.Equal(bytes.Length, (await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length);
    }

    [Fact]
    public void CreateClient_NullConfiguration_Throws() =>
        Assert.Equal("configuration", Assert.Throws<ArgumentNullException>(() => BufferedResponsesHandler.CreateClient(null!)).ParamName);

    [Fact]
    public void CreateClient_AClientForTheServer()
    {
        using IKubernetes client = BufferedResponsesHandler.CreateClient(new KubernetesClientConfiguration { Host = "https://example.invalid:6443" });

        Assert.Equal(new Uri("https://example.invalid:6443"), client.BaseUri);
    }
}
