using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Aios.Hardware.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aios.Hardware;

/// <summary>
/// Discovers devices through the registered providers and reads their telemetry. Discovery never throws because
/// of a provider: one that fails reports itself unavailable with the reason.
/// </summary>
/// <remarks>
/// Logging (<see cref="HardwareBuilder.UseLoggerFactory"/>): a provider that throws is logged as an error with the
/// exception; one that becomes unavailable as a warning (repeats at debug level) and its return as information; devices
/// that are not healthy as warnings; a device's first failing telemetry read as a warning with the exception.
/// </remarks>
public sealed class HardwareCatalog
{
    private readonly DeviceProvider[] _providers;
    private readonly TimeProvider _timeProvider;
    private readonly HardwareMetrics _metrics;
    private readonly ILogger _logger;
    private readonly int[] _availability; // per provider: 0 not yet discovered, 1 available, 2 unavailable
    private readonly ConcurrentDictionary<DeviceId, bool> _failingTelemetry = new();

    internal HardwareCatalog(DeviceProvider[] providers, TimeProvider timeProvider, HardwareMetrics metrics, ILogger logger)
    {
        _providers = providers;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = logger;
        _availability = new int[providers.Length];
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
        for (int index = 0; index < _providers.Length; index++)
        {
            DeviceProvider provider = _providers[index];
            ProviderDiscovery discovery;
            bool threw = false;
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
                threw = true;
                discovery = ProviderDiscovery.Unavailable($"{provider.Name} discovery failed: {exception.GetType().Name}: {exception.Message}", exception);
                if (Interlocked.Exchange(ref _availability[index], 2) != 2)
                {
                    Log.ProviderFailed(_logger, provider.Name, exception);
                }
                else
                {
                    Log.ProviderStillUnavailable(_logger, provider.Name, discovery.Reason, exception);
                }
            }

            if (discovery.Available)
            {
                if (Interlocked.Exchange(ref _availability[index], 1) == 2)
                {
                    Log.ProviderAvailable(_logger, provider.Name);
                }

                foreach (Device device in discovery.Devices)
                {
                    LogIfUnhealthy(device);
                }
            }
            else if (!threw)
            {
                LogUnavailable(index, provider, discovery);
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

    private void LogUnavailable(int index, DeviceProvider provider, ProviderDiscovery discovery)
    {
        if (Interlocked.Exchange(ref _availability[index], 2) != 2)
        {
            Log.ProviderUnavailable(_logger, provider.Name, discovery.Reason, discovery.Exception);
        }
        else
        {
            Log.ProviderStillUnavailable(_logger, provider.Name, discovery.Reason, discovery.Exception);
        }
    }

    private void LogIfUnhealthy(Device device)
    {
        if (device.Health.Status != HealthStatus.Healthy)
        {
            Log.DeviceUnhealthy(_logger, device.Id, device.Health.Status, device.Health.Reason);
        }

        foreach (Device partition in device.Partitions)
        {
            LogIfUnhealthy(partition);
        }
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
            if (!_failingTelemetry.IsEmpty && _failingTelemetry.TryRemove(device.Id, out _))
            {
                Log.TelemetryRecovered(_logger, device.Id);
            }

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
            if (_failingTelemetry.TryAdd(device.Id, true))
            {
                Log.TelemetryFailed(_logger, device.Id, exception);
            }
            else
            {
                Log.TelemetryStillFailing(_logger, device.Id, exception);
            }

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
