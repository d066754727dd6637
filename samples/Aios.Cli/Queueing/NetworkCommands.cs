using System.CommandLine;

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
            var request = new MvaRequest(
                result.GetValue(stations) ?? [],
                result.GetValue(delays) ?? [],
                result.GetValue(population),
                result.GetValue(approximate),
                result.GetValue(json));
            return NetworkOutput.Write(console, NetworkEvaluator.Evaluate(request), request.Json);
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
            var request = new JacksonRequest(result.GetValue(stations) ?? [], result.GetValue(routing), result.GetValue(json));
            return NetworkOutput.Write(console, NetworkEvaluator.Evaluate(request), request.Json);
        });
        return command;
    }
}
