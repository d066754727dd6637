using System.Diagnostics;

namespace Aios.KubeBench;

/// <summary>The harness's one clock: seconds since the process started, from a monotonic <see cref="Stopwatch"/>.</summary>
internal static class BenchClock
{
    private static readonly Stopwatch Watch = Stopwatch.StartNew();

    /// <summary>Gets the seconds since the harness started.</summary>
    public static double Now => Watch.Elapsed.TotalSeconds;
}
