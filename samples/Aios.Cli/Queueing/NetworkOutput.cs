using System.Globalization;
using System.Text.Json;
using Aios.Queueing.Networks;

namespace Aios.Cli.Queueing;

/// <summary>Writes the answers of <c>aios queueing mva</c> and <c>jackson</c>: a table, or one JSON object with <c>--json</c>.</summary>
internal static class NetworkOutput
{
    /// <summary>Writes an MVA evaluation (or its error); returns the exit code.</summary>
    public static int Write(CliConsole console, MvaEvaluation evaluation, bool json)
    {
        if (evaluation.Result is not { } solved)
        {
            return console.Fail(evaluation.Error!);
        }

        TextWriter output = console.Out;
        if (json)
        {
            var document = new MvaOutput(
                solved.Population,
                solved.Throughput,
                solved.ResponseTime,
                solved.CycleTime,
                solved.IsApproximate,
                solved.Converged,
                solved.Stations.Select(s => new MvaStationOutput(s.Name, KindName(s.Kind), s.ResidenceTime, s.QueueLength, s.Utilization)).ToArray());
            output.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Default.MvaOutput));
            return 0;
        }

        output.WriteLine($"Closed network, N = {solved.Population} ({(solved.IsApproximate ? "approximate" : "exact")} MVA{(solved.Converged ? string.Empty : ", NOT CONVERGED")})");
        output.WriteLine(Invariant($"  throughput X      {solved.Throughput:G6}"));
        output.WriteLine(Invariant($"  response time R   {solved.ResponseTime:G6}   (queueing stations)"));
        output.WriteLine(Invariant($"  cycle time N/X    {solved.CycleTime:G6}"));
        output.WriteLine("  station          kind      residence    queue   utilization");
        foreach (ClosedStationResult station in solved.Stations)
        {
            output.WriteLine(Invariant($"  {station.Name,-15}  {KindName(station.Kind),-8}  {station.ResidenceTime,9:G5}  {station.QueueLength,7:G4}  {station.Utilization,11:P1}"));
        }

        return 0;
    }

    /// <summary>Writes an open Jackson network's evaluation (or its error); returns the exit code.</summary>
    public static int Write(CliConsole console, JacksonEvaluation evaluation, bool json)
    {
        if (evaluation.Result is not { } solved)
        {
            return console.Fail(evaluation.Error!);
        }

        TextWriter output = console.Out;
        if (json)
        {
            var document = new JacksonOutput(
                solved.IsStable,
                solved.Throughput,
                Finite(solved.MeanNumberInNetwork),
                Finite(solved.MeanSojournTime),
                solved.Stations.Select(s => new JacksonStationOutput(s.ArrivalRate, s.VisitRatio, s.Metrics.Utilization, s.Metrics.IsStable, Finite(s.Metrics.MeanWaitingTime), Finite(s.Metrics.MeanResponseTime), Finite(s.Metrics.MeanNumberInSystem))).ToArray());
            output.WriteLine(JsonSerializer.Serialize(document, CliJsonContext.Default.JacksonOutput));
            return 0;
        }

        output.WriteLine($"Open Jackson network, {solved.Stations.Count} stations ({(solved.IsStable ? "stable" : "UNSTABLE: a station is at or above capacity")})");
        output.WriteLine(Invariant($"  throughput          {solved.Throughput:G6}"));
        output.WriteLine(Invariant($"  mean in network     {solved.MeanNumberInNetwork:G6}"));
        output.WriteLine(Invariant($"  mean sojourn time   {solved.MeanSojournTime:G6}"));
        output.WriteLine("  station  arrival rate  visits  utilization  mean wait  mean in system");
        for (int i = 0; i < solved.Stations.Count; i++)
        {
            JacksonStationResult station = solved.Stations[i];
            output.WriteLine(Invariant($"  {i,7}  {station.ArrivalRate,12:G5}  {station.VisitRatio,6:G4}  {station.Metrics.Utilization,11:P1}  {station.Metrics.MeanWaitingTime,9:G5}  {station.Metrics.MeanNumberInSystem,14:G5}"));
        }

        return 0;
    }

    private static string KindName(ClosedStationKind kind) => kind == ClosedStationKind.Delay ? "delay" : "queueing";

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal sealed record MvaOutput(int Population, double Throughput, double ResponseTime, double CycleTime, bool Approximate, bool Converged, IReadOnlyList<MvaStationOutput> Stations);

internal sealed record MvaStationOutput(string Name, string Kind, double ResidenceTime, double QueueLength, double Utilization);

internal sealed record JacksonOutput(bool Stable, double Throughput, double? MeanNumberInNetwork, double? MeanSojournTime, IReadOnlyList<JacksonStationOutput> Stations);

internal sealed record JacksonStationOutput(double ArrivalRate, double VisitRatio, double Utilization, bool Stable, double? MeanWaitingTime, double? MeanResponseTime, double? MeanNumberInSystem);
