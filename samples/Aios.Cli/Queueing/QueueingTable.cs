using System.Globalization;

namespace Aios.Cli.Queueing;

/// <summary>The human-readable form of a result: a titled two-column table.</summary>
internal static class QueueingTable
{
    public static void Write(TextWriter writer, QueueingRequest request, QueueingResult result)
    {
        writer.WriteLine(Title(request, result));
        var rows = new List<(string Name, string Value)>();
        Add(rows, "stable", result.Stable is { } stable ? (stable ? "yes" : "no (load at or above capacity: waits grow without bound)") : null);
        Add(rows, "servers", result.Servers?.ToString(CultureInfo.InvariantCulture));
        Add(rows, "utilization", Percent(result.Utilization));
        Add(rows, "P(wait)", Percent(result.ProbabilityOfWaiting));
        Add(rows, "P(blocked)", Percent(result.BlockingProbability));
        Add(rows, "mean wait Wq", Number(result.MeanWaitingTime));
        Add(rows, "mean response W", Number(result.MeanResponseTime));
        Add(rows, "mean queue Lq", Number(result.MeanQueueLength));
        Add(rows, "mean in system L", Number(result.MeanNumberInSystem));
        if (request.WaitTarget is { } target)
        {
            Add(rows, $"P(Wq <= {Number(target)})", Percent(result.ServiceLevel));
        }

        if (result.Classes is { } classes)
        {
            for (int i = 0; i < classes.Count; i++)
            {
                Add(rows, $"class {i + 1} mean wait", Number(classes[i].MeanWaitingTime) ?? "unstable");
                Add(rows, $"class {i + 1} mean response", Number(classes[i].MeanResponseTime) ?? "unstable");
            }
        }

        int width = 0;
        foreach (var row in rows)
        {
            width = Math.Max(width, row.Name.Length);
        }

        foreach (var (name, value) in rows)
        {
            writer.WriteLine($"  {name.PadRight(width)}  {value}");
        }
    }

    private static string Title(QueueingRequest request, QueueingResult result)
    {
        string servers = result.Servers?.ToString(CultureInfo.InvariantCulture) ?? "c";
        string name = request.Model switch
        {
            "mmc" => $"M/M/{servers}",
            "mm1" => "M/M/1",
            "mmck" => $"M/M/{servers}/{request.Capacity}",
            "mminf" => "M/M/inf",
            "mg1" => $"M/G/1 (service SCV {Number(request.ServiceScv ?? 1)})",
            "md1" => "M/D/1",
            "ggc" => $"G/G/{servers} (Allen-Cunneen; arrival SCV {Number(request.ArrivalScv ?? 1)}, service SCV {Number(request.ServiceScv ?? 1)})",
            "erlang-b" => $"Erlang B loss system, {servers} servers",
            "priority" => $"{(request.Preemptive == true ? "preemptive-resume" : "non-preemptive")} priority queue, {servers} server(s), {request.Classes?.Count} classes",
            _ => request.Model ?? "model",
        };
        string rates = request.ArrivalRate is { } arrival
            ? $"  lambda = {Number(arrival)}" + (request.ServiceRate is { } service ? $", mu = {Number(service)}" : string.Empty)
            : string.Empty;
        return name + rates + (request.Solve is null ? string.Empty : "  (servers solved for the target)");
    }

    private static void Add(List<(string, string)> rows, string name, string? value)
    {
        if (value is not null)
        {
            rows.Add((name, value));
        }
    }

    private static string? Percent(double? value) => value is { } v ? (v * 100).ToString("G6", CultureInfo.InvariantCulture) + " %" : null;

    private static string? Number(double? value) => value?.ToString("G6", CultureInfo.InvariantCulture);
}
