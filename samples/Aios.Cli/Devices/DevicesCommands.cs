using System.CommandLine;

namespace Aios.Cli.Devices;

/// <summary><c>aios devices</c>: the devices of this machine from every provider; <c>watch</c> and <c>profile</c>.</summary>
internal static class DevicesCommands
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Write the devices and providers as JSON." };
        var command = new Command("devices", "Every device from all providers (CPU, OpenCL, CUDA), and each unavailable provider with its reason.") { json };
        command.SetAction(async (result, cancellationToken) =>
        {
            DevicesOutput.Write(console.Out, await DevicesEvaluator.DiscoverAsync(cancellationToken).ConfigureAwait(false), result.GetValue(json));
            return 0;
        });
        command.Subcommands.Add(Watch(console));
        command.Subcommands.Add(Profile(console));
        return command;
    }

    private static Command Watch(CliConsole console)
    {
        var interval = new Option<string>("--interval") { Description = "Time between samples, e.g. 500ms, 1s, 2m.", DefaultValueFactory = _ => "1s" };
        var count = new Option<int?>("--count") { Description = "Stop after this many rounds (default: until Ctrl+C)." };
        var command = new Command("watch", "A live table of device telemetry until Ctrl+C.") { interval, count };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!DevicesWatchRequest.TryCreate(result.GetValue(interval)!, result.GetValue(count), out DevicesWatchRequest? request, out string? invalid))
            {
                return console.Fail(invalid);
            }

            (IAsyncEnumerable<DeviceWatchRow>? rows, string? error) = await DevicesEvaluator.WatchAsync(request, cancellationToken).ConfigureAwait(false);
            if (rows is null)
            {
                return console.Fail(error!);
            }

            await foreach (DeviceWatchRow row in rows.ConfigureAwait(false))
            {
                DevicesOutput.WriteWatchRow(console.Out, row, console.IsTerminal);
            }

            return 0;
        });
        return command;
    }

    private static Command Profile(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Write the figures as JSON." };
        var command = new Command("profile", "Run the OpenCL profiler (memory bandwidth, FP32 throughput) on each OpenCL device.") { json };
        command.SetAction(async (result, cancellationToken) =>
        {
            (IReadOnlyList<DeviceProfileResult>? profiles, string? error) = await DevicesEvaluator.ProfileAsync(cancellationToken).ConfigureAwait(false);
            if (profiles is null)
            {
                return console.Fail(error!);
            }

            DevicesOutput.WriteProfiles(console.Out, profiles, result.GetValue(json));
            return 0;
        });
        return command;
    }
}
