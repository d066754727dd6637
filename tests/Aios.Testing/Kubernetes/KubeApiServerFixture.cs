namespace Aios.Testing.Kubernetes;

/// <summary>
/// One <see cref="KubeApiServer"/> shared by the tests of a class (<c>IClassFixture&lt;KubeApiServerFixture&gt;</c>), so
/// its 3–4 s start-up is paid once per class. A test class takes <see cref="Server"/> in its constructor: when the
/// control plane's programs are missing, that skips each test with the reason; when they are there but fail to start,
/// each test fails with the log's tail. Tests of one class run one after another; each leaves or clears what it made
/// (<see cref="KubeTestObjects.DeleteAllAsync"/>).
/// </summary>
public sealed class KubeApiServerFixture : IAsyncLifetime
{
    private KubeApiServer? _server;
    private string? _unavailable;

    /// <summary>Gets the running control plane; skips the running test when its programs are not installed.</summary>
    public KubeApiServer Server
    {
        get
        {
            if (_server is null)
            {
                Assert.Skip(_unavailable ?? "The Kubernetes API server fixture was not initialized.");
            }

            return _server;
        }
    }

    /// <inheritdoc/>
    public async ValueTask InitializeAsync()
    {
        _unavailable = KubeApiServer.UnavailableReason();
        if (_unavailable is null)
        {
            _server = await KubeApiServer.StartAsync(TestContext.Current.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _server?.Dispose();
        _server = null;
        return ValueTask.CompletedTask;
    }
}
