using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Aios.Scheduling.Kubernetes;

/// <summary>
/// A list-then-watch cache of one kind of object (an informer, as client-go's): it lists, then watches from the list's
/// resourceVersion; a watch that ends is resumed from the last resourceVersion seen (bookmarks included); a watch that
/// answers 410 Gone (the version is too old, e.g. after the API server restarted) is followed by a fresh list that
/// replaces the cache. Failures back off exponentially (0.2 s to 5 s) and never end the loop.
/// </summary>
/// <typeparam name="T">The object kind.</typeparam>
internal sealed class ResourceCache<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly string _kind;
    private readonly Func<string?, CancellationToken, Task<(IReadOnlyList<T> Items, string? Continue, string ResourceVersion)>> _list;
    private readonly Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Item)>> _watch;
    private readonly Action _changed;
    private readonly Action<string> _relisted;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private string? _resourceVersion;
    private bool _reportedNotServed;

    public ResourceCache(
        string kind,
        Func<string?, CancellationToken, Task<(IReadOnlyList<T> Items, string? Continue, string ResourceVersion)>> list,
        Func<string, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Item)>> watch,
        Action changed,
        Action<string> relisted,
        ILogger logger,
        TimeProvider time,
        bool optional = false)
    {
        Optional = optional;
        _kind = kind;
        _list = list;
        _watch = watch;
        _changed = changed;
        _relisted = relisted;
        _logger = logger;
        _time = time;
    }

    /// <summary>Gets whether the kind may be absent from the API server (a custom resource whose definition is not installed):
    /// a 404 then counts as an empty, synced cache, checked again every minute.</summary>
    public bool Optional { get; }

    /// <summary>Gets whether a list has completed.</summary>
    public bool Synced { get; private set; }

    /// <summary>Gets how many times the cache was (re)listed.</summary>
    public int Lists { get; private set; }

    /// <summary>The key of an object: <c>namespace/name</c>, or the name for cluster-scoped objects.</summary>
    public static string KeyOf(T item) =>
        item.Metadata.NamespaceProperty is { Length: > 0 } space ? $"{space}/{item.Metadata.Name}" : item.Metadata.Name;

    /// <summary>A copy of the cached objects (the objects are shared: treat them as read-only).</summary>
    public List<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    /// <summary>Looks an object up by key.</summary>
    public bool TryGet(string key, out T? item)
    {
        lock (_lock)
        {
            return _items.TryGetValue(key, out item);
        }
    }

    /// <summary>Lists and watches until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        TimeSpan backoff = TimeSpan.FromSeconds(0.2);
        bool mustList = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (mustList)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                    mustList = false;
                }

                Exception? watchError = null;
                await foreach ((WatchEventType type, T item) in _watch(_resourceVersion!, e => watchError = e, cancellationToken).ConfigureAwait(false))
                {
                    Apply(type, item);
                    backoff = TimeSpan.FromSeconds(0.2);
                }

                if (watchError is not null)
                {
                    if (IsGone(watchError))
                    {
                        Log.WatchGone(_logger, _kind, _resourceVersion);
                        mustList = true;
                        continue;
                    }

                    throw watchError;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (IsGone(exception))
            {
                Log.WatchGone(_logger, _kind, _resourceVersion);
                mustList = true;
            }
            catch (HttpOperationException exception) when (Optional && exception.Response.StatusCode == HttpStatusCode.NotFound)
            {
                lock (_lock)
                {
                    _items = new Dictionary<string, T>(StringComparer.Ordinal);
                    Synced = true;
                }

                if (!_reportedNotServed)
                {
                    _reportedNotServed = true;
                    Log.NotServed(_logger, _kind);
                }

                mustList = true;
                try
                {
                    await Task.Delay(TimeSpan.FromMinutes(1), _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                Log.WatchFailed(_logger, _kind, backoff.TotalSeconds, exception);
                try
                {
                    await Task.Delay(backoff, _time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromSeconds(Math.Min(5, backoff.TotalSeconds * 2));
            }
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        var items = new Dictionary<string, T>(StringComparer.Ordinal);
        string? next = null;
        string version;
        do
        {
            (IReadOnlyList<T> page, string? cont, string rv) = await _list(next, cancellationToken).ConfigureAwait(false);
            foreach (T item in page)
            {
                items[KeyOf(item)] = item;
            }

            next = string.IsNullOrEmpty(cont) ? null : cont;
            version = rv;
        }
        while (next is not null);

        lock (_lock)
        {
            _items = items;
            _resourceVersion = version;
            Synced = true;
            Lists++;
        }

        if (Lists > 1)
        {
            _relisted(_kind);
        }

        Log.Listed(_logger, _kind, items.Count, version);
        _changed();
    }

    private void Apply(WatchEventType type, T item)
    {
        if (item?.Metadata is null)
        {
            return;
        }

        lock (_lock)
        {
            if (item.Metadata.ResourceVersion is { Length: > 0 } version)
            {
                _resourceVersion = version;
            }

            switch (type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    _items[KeyOf(item)] = item;
                    break;
                case WatchEventType.Deleted:
                    _items.Remove(KeyOf(item));
                    break;
                default:
                    return; // bookmarks move the version only
            }
        }

        _changed();
    }

    private static bool IsGone(Exception exception) => exception switch
    {
        KubernetesException { Status.Code: 410 } => true,
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        _ => false,
    };
}
