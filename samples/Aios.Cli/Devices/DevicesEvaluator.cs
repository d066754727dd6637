using System.Runtime.CompilerServices;
using Aios.Hardware;
using Aios.Hardware.Cuda;
using Aios.Hardware.OpenCL;

namespace Aios.Cli.Devices;

/// <summary>
/// What the <c>aios devices</c> commands compute with Aios.Hardware: the inventory, the telemetry rows of a watch, the
/// OpenCL profiles. Nothing here writes output; errors come back as the message to report.
/// </summary>
internal static class DevicesEvaluator
{
    /// <summary>Discovers with every built-in provider.</summary>
    public static ValueTask<DeviceInventory> DiscoverAsync(CancellationToken cancellationToken) =>
        CreateCatalog().DiscoverAsync(cancellationToken);

    public static HardwareCatalog CreateCatalog() => new HardwareBuilder().AddCpu().AddOpenCL().AddCuda().Build();

    /// <summary>
    /// Discovers the devices and returns their telemetry rows, every device once per round, until the request's rounds
    /// are done or Ctrl+C (which ends the rows normally); <paramref name="error"/> is set when there is nothing to watch.
    /// </summary>
    public static async Task<(IAsyncEnumerable<DeviceWatchRow>? Rows, string? Error)> WatchAsync(DevicesWatchRequest request, CancellationToken cancellationToken)
    {
        HardwareCatalog catalog = CreateCatalog();
        DeviceInventory inventory = await catalog.DiscoverAsync(cancellationToken).ConfigureAwait(false);
        int devices = inventory.AllDevices.Count();
        return devices == 0 ? (null, "no devices to watch") : (Rows(catalog, inventory, devices, request, cancellationToken), null);
    }

    /// <summary>Profiles every OpenCL device; the error says why there is nothing to profile.</summary>
    public static async Task<(IReadOnlyList<DeviceProfileResult>? Profiles, string? Error)> ProfileAsync(CancellationToken cancellationToken)
    {
        DeviceInventory inventory = await new HardwareBuilder().AddOpenCL().Build().DiscoverAsync(cancellationToken).ConfigureAwait(false);
        ProviderStatus status = inventory.Providers[0];
        if (!status.Available)
        {
            return (null, $"OpenCL unavailable: {status.Reason}");
        }

        if (inventory.Devices.Count == 0)
        {
            return (null, $"no OpenCL devices{(status.Reason is null ? string.Empty : $": {status.Reason}")}");
        }

        var profiler = new OpenCLProfiler();
        var profiles = new List<DeviceProfileResult>();
        foreach (Device device in inventory.Devices)
        {
            profiles.Add(new DeviceProfileResult(device, profiler.Profile(device, cancellationToken)));
        }

        return (profiles, null);
    }

    private static async IAsyncEnumerable<DeviceWatchRow> Rows(
        HardwareCatalog catalog, DeviceInventory inventory, int devices, DevicesWatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<DeviceId, string> labels = Labels(inventory);
        await using IAsyncEnumerator<TelemetrySample> samples = catalog.WatchAsync(inventory, request.Interval, cancellationToken).GetAsyncEnumerator(cancellationToken);
        for (int seen = 0; request.Rounds is not { } limit || seen < limit * devices; seen++)
        {
            try
            {
                if (!await samples.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends the watch normally.
                yield break;
            }

            TelemetrySample sample = samples.Current;
            yield return new DeviceWatchRow(sample, labels.GetValueOrDefault(sample.Device, sample.Device.ToString()), seen % devices == 0);
        }
    }

    private static Dictionary<DeviceId, string> Labels(DeviceInventory inventory)
    {
        Device[] devices = [.. inventory.AllDevices];
        string[] labels = DeviceLabels.Shorten([.. devices.Select(d => d.Id.ToString())], 40);
        var byId = new Dictionary<DeviceId, string>();
        for (int i = 0; i < devices.Length; i++)
        {
            byId[devices[i].Id] = labels[i];
        }

        return byId;
    }
}
