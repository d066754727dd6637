using System.Runtime.CompilerServices;
using Aios.Hardware.Diagnostics;

namespace Aios.Hardware;

/// <summary>
/// Discovers devices through the registered providers and reads their telemetry. Discovery never throws because
/// of a provider: one that fails reports itself unavailable with the reason.
/// </summary>
public sealed class HardwareCatalog
{
    private readonly DeviceProvider[] _providers;
    private readonly TimeProvider _timeProvider;
    private readonly HardwareMetrics _metrics;

    internal HardwareCatalog(DeviceProvider[] providers, TimeProvider timeProvider, HardwareMetrics metrics)
    {
        _providers = providers;
        _timeProvider = timeProvider;
        _metrics = metrics;
    }

    /// <summary>The registered providers, in registration order.</summary>
    public IReadOnlyList<DeviceProvider> Providers => _providers;

    /// <summary>Runs every provider's discovery.</summary>
    /// <param name="cancellationToken">Cancels the discovery.</param>
    /// <returns>The devices of every available provider and the status of each.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public async ValueTask<DeviceInventory> DiscoverAsync(CancellationToken cancellationToken = default)
    {
        var devices = new List<Device>();
        var statuses = new List<ProviderStatus>(_providers.Length);
        var links = new List<DeviceLink>();
        foreach (DeviceProvider provider in _providers)
        {
            ProviderDiscovery discovery;
            try
            {
                discovery = await provider.DiscoverAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A provider's failure must not end discovery: it becomes the provider's status.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                discovery = ProviderDiscovery.Unavailable($"{provider.Name} discovery failed: {exception.GetType().Name}: {exception.Message}");
            }

            statuses.Add(new ProviderStatus(provider.Name, discovery.Available, discovery.Reason));
            if (discovery.Available)
            {
                devices.AddRange(discovery.Devices);
                links.AddRange(discovery.Links);
            }
        }

        var inventory = new DeviceInventory(devices, statuses, links);
        _metrics.RecordDiscovery(inventory);
        return inventory;
    }

    /// <summary>Reads one telemetry sample of a device from its provider.</summary>
    /// <param name="device">A device from an inventory of this catalog.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sample; fields the provider cannot read carry their status instead of a value.</returns>
    public async ValueTask<TelemetrySample> SampleAsync(Device device, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(device);
        DateTimeOffset now = _timeProvider.GetUtcNow();
        DeviceProvider? provider = Array.Find(_providers, p => p.Name == device.Id.Provider);
        if (provider is null)
        {
            return TelemetrySample.NotSupported(device.Id, now);
        }

        try
        {
            TelemetrySample sample = await provider.SampleAsync(device, now, cancellationToken).ConfigureAwait(false);
            _metrics.RecordSample(device, sample);
            return sample;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failed read is reported in the sample, not thrown.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return TelemetrySample.AllFields(device.Id, now, TelemetryValue.Failed($"{exception.GetType().Name}: {exception.Message}"));
        }
    }

    /// <summary>Samples every device of an inventory once per <paramref name="interval"/>, until cancelled.</summary>
    /// <param name="inventory">The devices to watch.</param>
    /// <param name="interval">The time between rounds: positive.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>One sample per device per round, in inventory order.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public async IAsyncEnumerable<TelemetrySample> WatchAsync(DeviceInventory inventory, TimeSpan interval, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        using var timer = new PeriodicTimer(interval, _timeProvider);
        while (true)
        {
            foreach (Device device in inventory.AllDevices)
            {
                yield return await SampleAsync(device, cancellationToken).ConfigureAwait(false);
            }

            if (!await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }
}
