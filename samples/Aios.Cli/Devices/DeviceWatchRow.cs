using Aios.Hardware;

namespace Aios.Cli.Devices;

/// <summary>One row of <c>aios devices watch</c>: a sample, the device's short label, and whether it starts a round of samples.</summary>
internal sealed record DeviceWatchRow(TelemetrySample Sample, string Label, bool StartsRound);
