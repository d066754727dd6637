using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Aios.Queueing;
using Aios.Queueing.Networks;

namespace Aios.Cli.Queueing;

/// <summary><c>aios queueing mva</c> (closed networks) and <c>aios queueing jackson</c> (open networks).</summary>
internal static class NetworkCommands
{
    public static Command Mva(CliConsole console)
    {
        var stations = new Option<string[]>("--station") { Description = "A queueing station as NAME:DEMAND[:SERVERS] (demand = visits x service time); repeat for each." };
        var delays = new Option<string[]>("--delay") { Description = "A delay (think-time) station as NAME:TIME; repeat for each." };
        var population = new Option<int>("--population", "-n") { Description = "Number of customers N circulating in the network.", Required = true };
        var approximate = new Option<bool>("--approximate") { Description = "Bard-Schweitzer approximate MVA instead of exact MVA." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("mva", "Closed queueing network by Mean Value Analysis (exact, or Bard-Schweitzer with --approximate).") { stations, delays, population, approximate, json };
        command.SetAction(result =>
        {
            var list = new List<ClosedStation>();
            foreach (string text in result.GetValue(stations) ?? [])
            {
                string[] parts = text.Split(':');
                if (parts.Length is < 2 or > 3 || !TryNumber(parts[1], out double demand) || (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
                {
                    return console.Fail($"--station must be NAME:DEMAND[:SERVERS], e.g. gpu:0.04 (got '{text}')");
                }

                int servers = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 1;
                try
                {
                    list.Add(new ClosedStation(parts[0], ClosedStationKind.Queueing, demand, servers));
                }
                catch (ArgumentException exception)
                {
                    return console.Fail($"--station '{text}': {Describe(exception)}");
                }
            }

            foreach (string text in result.GetValue(delays) ?? [])
            {
                string[] parts = text.Split(':');
                if (parts.Length != 2 || !TryNumber(parts[1], out double think))
                {
                    return console.Fail($"--delay must be NAME:TIME, e.g. think:5 (got '{text}')");
                }

                try
                {
                    list.Add(ClosedStation.Delay(parts[0], think));
                }
                catch (ArgumentException exception)
                {
                    return console.Fail($"--delay '{text}': {Describe(exception)}");
                }
            }

            if (list.Count == 0)
            {
                return console.Fail("give at least one --station or --delay");
            }

            try
            {
                var network = new ClosedNetwork(list);
                int n = result.GetValue(population);
                ClosedNetworkResult solved = result.GetValue(approximate) ? network.SolveApproximate(n) : network.SolveExact(n);
                if (result.GetValue(json))
                {
                    var output = new MvaOutput(
                        solved.Population,
                        solved.Throughput,
                        solved.ResponseTime,
                        solved.CycleTime,
                        solved.IsApproximate,
                        solved.Converged,
                        solved.Stations.Select(s => new MvaStationOutput(s.Name, s.Kind == ClosedStationKind.Delay ? "delay" : "queueing", s.ResidenceTime, s.QueueLength, s.Utilization)).ToArray());
                    console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.MvaOutput));
                    return 0;
                }

                console.Out.WriteLine($"Closed network, N = {solved.Population} ({(solved.IsApproximate ? "approximate" : "exact")} MVA{(solved.Converged ? string.Empty : ", NOT CONVERGED")})");
                console.Out.WriteLine(Invariant($"  throughput X      {solved.Throughput:G6}"));
                console.Out.WriteLine(Invariant($"  response time R   {solved.ResponseTime:G6}   (queueing stations)"));
                console.Out.WriteLine(Invariant($"  cycle time N/X    {solved.CycleTime:G6}"));
                console.Out.WriteLine("  station          kind      residence    queue   utilization");
                foreach (ClosedStationResult station in solved.Stations)
                {
                    console.Out.WriteLine(Invariant($"  {station.Name,-15}  {(station.Kind == ClosedStationKind.Delay ? "delay" : "queueing"),-8}  {station.ResidenceTime,9:G5}  {station.QueueLength,7:G4}  {station.Utilization,11:P1}"));
                }

                return 0;
            }
            catch (ArgumentException exception)
            {
                return console.Fail(Describe(exception));
            }
        });
        return command;
    }

    public static Command Jackson(CliConsole console)
    {
        var stations = new Option<string[]>("--station") { Description = "A station as SERVERS:SERVICE_RATE:EXTERNAL_ARRIVAL_RATE, in order; repeat for each.", Required = true };
        var routing = new Option<string?>("--routing") { Description = "Routing probabilities, rows separated by ';', e.g. \"0,0.5;0.2,0\" (row i: from station i). Default: no routing." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of a table." };
        var command = new Command("jackson", "Open Jackson network: M/M/c stations, probabilistic routing, Poisson external arrivals.") { stations, routing, json };
        command.SetAction(result =>
        {
            var list = new List<JacksonStation>();
            foreach (string text in result.GetValue(stations) ?? [])
            {
                string[] parts = text.Split(':');
                if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int servers) || !TryNumber(parts[1], out double mu) || !TryNumber(parts[2], out double gamma))
                {
                    return console.Fail($"--station must be SERVERS:SERVICE_RATE:EXTERNAL_ARRIVAL_RATE, e.g. 2:5:3 (got '{text}')");
                }

                try
                {
                    list.Add(new JacksonStation(servers, mu, gamma));
                }
                catch (ArgumentException exception)
                {
                    return console.Fail($"--station '{text}': {Describe(exception)}");
                }
            }

            var matrix = new double[list.Count][];
            string[] rows = (result.GetValue(routing) ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (rows.Length != 0 && rows.Length != list.Count)
            {
                return console.Fail($"--routing has {rows.Length} rows for {list.Count} stations");
            }

            for (int i = 0; i < list.Count; i++)
            {
                matrix[i] = new double[list.Count];
                if (rows.Length == 0)
                {
                    continue;
                }

                string[] cells = rows[i].Split(',', StringSplitOptions.TrimEntries);
                if (cells.Length != list.Count)
                {
                    return console.Fail($"--routing row {i} has {cells.Length} entries for {list.Count} stations");
                }

                for (int j = 0; j < cells.Length; j++)
                {
                    if (!TryNumber(cells[j], out matrix[i][j]))
                    {
                        return console.Fail($"--routing row {i} entry {j} is not a number ('{cells[j]}')");
                    }
                }
            }

            try
            {
                OpenJacksonNetworkResult solved = new OpenJacksonNetwork(list, matrix).Evaluate();
                if (result.GetValue(json))
                {
                    var output = new JacksonOutput(
                        solved.IsStable,
                        solved.Throughput,
                        Finite(solved.MeanNumberInNetwork),
                        Finite(solved.MeanSojournTime),
                        solved.Stations.Select(s => new JacksonStationOutput(s.ArrivalRate, s.VisitRatio, s.Metrics.Utilization, s.Metrics.IsStable, Finite(s.Metrics.MeanWaitingTime), Finite(s.Metrics.MeanResponseTime), Finite(s.Metrics.MeanNumberInSystem))).ToArray());
                    console.Out.WriteLine(JsonSerializer.Serialize(output, CliJsonContext.Default.JacksonOutput));
                    return 0;
                }

                console.Out.WriteLine($"Open Jackson network, {list.Count} stations ({(solved.IsStable ? "stable" : "UNSTABLE: a station is at or above capacity")})");
                console.Out.WriteLine(Invariant($"  throughput          {solved.Throughput:G6}"));
                console.Out.WriteLine(Invariant($"  mean in network     {solved.MeanNumberInNetwork:G6}"));
                console.Out.WriteLine(Invariant($"  mean sojourn time   {solved.MeanSojournTime:G6}"));
                console.Out.WriteLine("  station  arrival rate  visits  utilization  mean wait  mean in system");
                for (int i = 0; i < solved.Stations.Count; i++)
                {
                    JacksonStationResult station = solved.Stations[i];
                    console.Out.WriteLine(Invariant($"  {i,7}  {station.ArrivalRate,12:G5}  {station.VisitRatio,6:G4}  {station.Metrics.Utilization,11:P1}  {station.Metrics.MeanWaitingTime,9:G5}  {station.Metrics.MeanNumberInSystem,14:G5}"));
                }

                return 0;
            }
            catch (ArgumentException exception)
            {
                return console.Fail(Describe(exception));
            }
        });
        return command;
    }

    private static readonly Dictionary<string, string> NetworkOptionNames = new(StringComparer.Ordinal)
    {
        ["population"] = "--population",
        ["serviceDemand"] = "DEMAND",
        ["thinkTime"] = "TIME",
        ["servers"] = "SERVERS",
        ["serviceRate"] = "SERVICE_RATE",
        ["externalArrivalRate"] = "EXTERNAL_ARRIVAL_RATE",
    };

    private static string Describe(ArgumentException exception) =>
        System.Text.RegularExpressions.Regex.Replace(
            QueueingCommands.NameOptions(QueueingEvaluator.Describe(exception), NetworkOptionNames),
            @"routing\[(\d+)\]\[(\d+)\]",
            "--routing row $1 entry $2");

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

internal sealed record MvaOutput(int Population, double Throughput, double ResponseTime, double CycleTime, bool Approximate, bool Converged, IReadOnlyList<MvaStationOutput> Stations);

internal sealed record MvaStationOutput(string Name, string Kind, double ResidenceTime, double QueueLength, double Utilization);

internal sealed record JacksonOutput(bool Stable, double Throughput, double? MeanNumberInNetwork, double? MeanSojournTime, IReadOnlyList<JacksonStationOutput> Stations);

internal sealed record JacksonStationOutput(double ArrivalRate, double VisitRatio, double Utilization, bool Stable, double? MeanWaitingTime, double? MeanResponseTime, double? MeanNumberInSystem);
