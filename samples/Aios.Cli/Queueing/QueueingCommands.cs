using System.CommandLine;
using System.Globalization;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Aios.Cli.Queueing;

/// <summary>The <c>aios queueing</c> commands: one per model, and <c>eval</c> for JSON Lines batches.</summary>
internal static class QueueingCommands
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("queueing", "Analytical queueing models for capacity planning: evaluate a model, or solve for the servers that meet a target.");
        command.Subcommands.Add(Mmc(console));
        command.Subcommands.Add(Simple(console, "mm1", "M/M/1: one exponential server.", "mm1"));
        command.Subcommands.Add(Mmck(console));
        command.Subcommands.Add(Simple(console, "mminf", "M/M/inf: a server for every arrival; nobody waits.", "mminf"));
        command.Subcommands.Add(Mg1(console));
        command.Subcommands.Add(Simple(console, "md1", "M/D/1: one server with constant service time 1/mu.", "md1"));
        command.Subcommands.Add(Ggc(console));
        command.Subcommands.Add(ErlangB(console));
        command.Subcommands.Add(Priority(console));
        command.Subcommands.Add(NetworkCommands.Mva(console));
        command.Subcommands.Add(NetworkCommands.Jackson(console));
        command.Subcommands.Add(Eval(console));
        return command;
    }

    private static Option<double> ArrivalRate() => new("--arrival-rate", "-l") { Description = "Arrival rate lambda (arrivals per unit time).", Required = true };

    private static Option<double> ServiceRate() => new("--service-rate", "-m") { Description = "Service rate mu of one server (completions per unit time).", Required = true };

    private static Option<int> Servers(bool required = true) => new("--servers", "-c") { Description = "Number of servers c.", Required = required };

    private static Option<bool> Json() => new("--json") { Description = "Write one JSON object (the 'queueing eval' output contract) instead of a table." };

    private static Command Mmc(CliConsole console)
    {
        var arrivalRate = ArrivalRate();
        var serviceRate = ServiceRate();
        var servers = Servers(required: false);
        var waitTarget = new Option<double?>("--wait-target", "-t") { Description = "Wait threshold t: also report the service level P(Wq <= t)." };
        var solve = new Option<string?>("--solve") { Description = "Solve for 'servers': the fewest servers meeting --service-level-target (with --wait-target) or --mean-wait-target." };
        solve.AcceptOnlyFromAmong("servers");
        var serviceLevelTarget = new Option<double?>("--service-level-target") { Description = "With --solve servers: the share s of arrivals that must wait at most --wait-target, in [0, 1)." };
        var meanWaitTarget = new Option<double?>("--mean-wait-target") { Description = "With --solve servers: the largest acceptable mean wait." };
        var json = Json();
        var command = new Command("mmc", "M/M/c: Poisson arrivals, c exponential servers, unlimited queue (Erlang C).")
        {
            arrivalRate, serviceRate, servers, waitTarget, solve, serviceLevelTarget, meanWaitTarget, json,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(solve) is null && result.GetResult(servers) is null)
            {
                return console.Fail("--servers is required unless --solve servers is given");
            }

            return Run(console, new QueueingRequest
            {
                Model = "mmc",
                ArrivalRate = result.GetValue(arrivalRate),
                ServiceRate = result.GetValue(serviceRate),
                Servers = result.GetValue(solve) is null ? result.GetValue(servers) : null,
                WaitTarget = result.GetValue(waitTarget),
                Solve = result.GetValue(solve),
                ServiceLevelTarget = result.GetValue(serviceLevelTarget),
                MeanWaitTarget = result.GetValue(meanWaitTarget),
            }, result.GetValue(json));
        });
        return command;
    }

    private static Command Simple(CliConsole console, string name, string description, string model)
    {
        var arrivalRate = ArrivalRate();
        var serviceRate = ServiceRate();
        var json = Json();
        var command = new Command(name, description) { arrivalRate, serviceRate, json };
        command.SetAction(result => Run(
            console,
            new QueueingRequest { Model = model, ArrivalRate = result.GetValue(arrivalRate), ServiceRate = result.GetValue(serviceRate) },
            result.GetValue(json)));
        return command;
    }

    private static Command Mmck(CliConsole console)
    {
        var arrivalRate = ArrivalRate();
        var serviceRate = ServiceRate();
        var servers = Servers();
        var capacity = new Option<int>("--capacity", "-k") { Description = "Capacity K: the most jobs in the system, waiting or in service (K >= c).", Required = true };
        var json = Json();
        var command = new Command("mmck", "M/M/c/K: finite capacity; arrivals that find K in the system are turned away.") { arrivalRate, serviceRate, servers, capacity, json };
        command.SetAction(result => Run(console, new QueueingRequest
        {
            Model = "mmck",
            ArrivalRate = result.GetValue(arrivalRate),
            ServiceRate = result.GetValue(serviceRate),
            Servers = result.GetValue(servers),
            Capacity = result.GetValue(capacity),
        }, result.GetValue(json)));
        return command;
    }

    private static Command Mg1(CliConsole console)
    {
        var arrivalRate = ArrivalRate();
        var serviceRate = ServiceRate();
        var serviceScv = new Option<double>("--service-scv") { Description = "Squared coefficient of variation of the service time (0 deterministic, 1 exponential).", DefaultValueFactory = _ => 1 };
        var json = Json();
        var command = new Command("mg1", "M/G/1: general service times (Pollaczek-Khinchine).") { arrivalRate, serviceRate, serviceScv, json };
        command.SetAction(result => Run(console, new QueueingRequest
        {
            Model = "mg1",
            ArrivalRate = result.GetValue(arrivalRate),
            ServiceRate = result.GetValue(serviceRate),
            ServiceScv = result.GetValue(serviceScv),
        }, result.GetValue(json)));
        return command;
    }

    private static Command Ggc(CliConsole console)
    {
        var arrivalRate = ArrivalRate();
        var serviceRate = ServiceRate();
        var servers = Servers();
        var arrivalScv = new Option<double>("--arrival-scv") { Description = "Squared coefficient of variation of interarrival times (1 = Poisson).", DefaultValueFactory = _ => 1 };
        var serviceScv = new Option<double>("--service-scv") { Description = "Squared coefficient of variation of service times (1 = exponential).", DefaultValueFactory = _ => 1 };
        var json = Json();
        var command = new Command("ggc", "G/G/c: general arrivals and service (Allen-Cunneen approximation; Kingman for c = 1).") { arrivalRate, serviceRate, servers, arrivalScv, serviceScv, json };
        command.SetAction(result => Run(console, new QueueingRequest
        {
            Model = "ggc",
            ArrivalRate = result.GetValue(arrivalRate),
            ServiceRate = result.GetValue(serviceRate),
            Servers = result.GetValue(servers),
            ArrivalScv = result.GetValue(arrivalScv),
            ServiceScv = result.GetValue(serviceScv),
        }, result.GetValue(json)));
        return command;
    }

    private static Command ErlangB(CliConsole console)
    {
        var arrivalRate = ArrivalRate();
        var serviceRate = new Option<double>("--service-rate", "-m") { Description = "Service rate mu (default 1: --arrival-rate is then the offered load in Erlangs).", DefaultValueFactory = _ => 1 };
        var servers = Servers(required: false);
        var solve = new Option<string?>("--solve") { Description = "Solve for 'servers': the fewest servers with blocking at most --blocking-target." };
        solve.AcceptOnlyFromAmong("servers");
        var blockingTarget = new Option<double?>("--blocking-target") { Description = "With --solve servers: the largest acceptable blocking probability, in (0, 1]." };
        var json = Json();
        var command = new Command("erlang-b", "Erlang B: blocking in a loss system with c servers and no queue (M/M/c/c).") { arrivalRate, serviceRate, servers, solve, blockingTarget, json };
        command.SetAction(result =>
        {
            if (result.GetValue(solve) is null && result.GetResult(servers) is null)
            {
                return console.Fail("--servers is required unless --solve servers is given");
            }

            return Run(console, new QueueingRequest
            {
                Model = "erlang-b",
                ArrivalRate = result.GetValue(arrivalRate),
                ServiceRate = result.GetValue(serviceRate),
                Servers = result.GetValue(solve) is null ? result.GetValue(servers) : null,
                Solve = result.GetValue(solve),
                BlockingTarget = result.GetValue(blockingTarget),
            }, result.GetValue(json));
        });
        return command;
    }

    private static Command Priority(CliConsole console)
    {
        var classes = new Option<string[]>("--class") { Description = "A priority class as ARRIVAL:SERVICE[:SCV], highest priority first; repeat for each class.", Required = true };
        var servers = new Option<int>("--servers", "-c") { Description = "Number of servers c.", DefaultValueFactory = _ => 1 };
        var preemptive = new Option<bool>("--preemptive") { Description = "Preemptive-resume priority (default: non-preemptive)." };
        var json = Json();
        var command = new Command("priority", "Multi-class priority queue (M/M/c common rate exact, M/G/1 exact, Bondi-Buzen approximation otherwise).") { classes, servers, preemptive, json };
        command.SetAction(result =>
        {
            if (!TryParseClasses(result.GetValue(classes) ?? [], out List<QueueingClassRequest> parsed, out string? error))
            {
                return console.Fail(error);
            }

            return Run(console, new QueueingRequest
            {
                Model = "priority",
                Classes = parsed,
                Servers = result.GetValue(servers),
                Preemptive = result.GetValue(preemptive),
            }, result.GetValue(json));
        });
        return command;
    }

    /// <summary>Parses each <c>--class ARRIVAL:SERVICE[:SCV]</c>; the first malformed one gives the error to report.</summary>
    private static bool TryParseClasses(string[] texts, out List<QueueingClassRequest> classes, [NotNullWhen(false)] out string? error)
    {
        classes = [];
        foreach (string text in texts)
        {
            string[] parts = text.Split(':');
            if (parts.Length is < 2 or > 3 || !TryNumber(parts[0], out double arrival) || !TryNumber(parts[1], out double service))
            {
                error = $"--class must be ARRIVAL:SERVICE[:SCV], e.g. 0.3:1 (got '{text}')";
                return false;
            }

            double scv = 1;
            if (parts.Length == 3 && !TryNumber(parts[2], out scv))
            {
                error = $"--class SCV must be a number (got '{parts[2]}')";
                return false;
            }

            classes.Add(new QueueingClassRequest { ArrivalRate = arrival, ServiceRate = service, ServiceScv = scv });
        }

        error = null;
        return true;
    }

    private static Command Eval(CliConsole console)
    {
        var input = new Option<string>("--input", "-i") { Description = "A JSON Lines file with one model per line, or '-' for standard input.", Required = true };
        var command = new Command("eval", "Evaluate JSON Lines: one model per input line, one JSON result line per input line, in order.") { input };
        command.SetAction(result =>
        {
            string path = result.GetValue(input)!;
            if (path != "-" && !File.Exists(path))
            {
                return console.Fail($"input file '{path}' does not exist");
            }

            if (path == "-")
            {
                return QueueingBatch.Run(console.In, console);
            }

            using var reader = new StreamReader(path, Encoding.UTF8);
            return QueueingBatch.Run(reader, console);
        });
        return command;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static int Run(CliConsole console, QueueingRequest request, bool json) =>
        QueueingOutput.Write(console, request, QueueingEvaluator.Evaluate(request), json);
}
