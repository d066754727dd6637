using System.Globalization;
using System.Text.RegularExpressions;
using Aios.Queueing.Networks;

namespace Aios.Cli.Queueing;

/// <summary>
/// Evaluates <see cref="MvaRequest"/> and <see cref="JacksonRequest"/>: parses the stations (in the order typed, so the
/// first bad one is the one reported), builds the network and solves it. Nothing here writes output; errors come back as
/// the message to report, in the names of the options the user typed.
/// </summary>
internal static class NetworkEvaluator
{
    private static readonly Dictionary<string, string> NetworkOptionNames = new(StringComparer.Ordinal)
    {
        ["population"] = "--population",
        ["serviceDemand"] = "DEMAND",
        ["thinkTime"] = "TIME",
        ["servers"] = "SERVERS",
        ["serviceRate"] = "SERVICE_RATE",
        ["externalArrivalRate"] = "EXTERNAL_ARRIVAL_RATE",
    };

    public static MvaEvaluation Evaluate(MvaRequest request)
    {
        var list = new List<ClosedStation>();
        foreach (string text in request.Stations)
        {
            string[] parts = text.Split(':');
            if (parts.Length is < 2 or > 3 || !TryNumber(parts[1], out double demand) || (parts.Length == 3 && !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            {
                return MvaEvaluation.Failed($"--station must be NAME:DEMAND[:SERVERS], e.g. gpu:0.04 (got '{text}')");
            }

            int servers = parts.Length == 3 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 1;
            try
            {
                list.Add(new ClosedStation(parts[0], ClosedStationKind.Queueing, demand, servers));
            }
            catch (ArgumentException exception)
            {
                return MvaEvaluation.Failed($"--station '{text}': {Describe(exception)}");
            }
        }

        foreach (string text in request.Delays)
        {
            string[] parts = text.Split(':');
            if (parts.Length != 2 || !TryNumber(parts[1], out double think))
            {
                return MvaEvaluation.Failed($"--delay must be NAME:TIME, e.g. think:5 (got '{text}')");
            }

            try
            {
                list.Add(ClosedStation.Delay(parts[0], think));
            }
            catch (ArgumentException exception)
            {
                return MvaEvaluation.Failed($"--delay '{text}': {Describe(exception)}");
            }
        }

        if (list.Count == 0)
        {
            return MvaEvaluation.Failed("give at least one --station or --delay");
        }

        try
        {
            var network = new ClosedNetwork(list);
            return new MvaEvaluation(request.Approximate ? network.SolveApproximate(request.Population) : network.SolveExact(request.Population), null);
        }
        catch (ArgumentException exception)
        {
            return MvaEvaluation.Failed(Describe(exception));
        }
    }

    public static JacksonEvaluation Evaluate(JacksonRequest request)
    {
        var list = new List<JacksonStation>();
        foreach (string text in request.Stations)
        {
            string[] parts = text.Split(':');
            if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int servers) || !TryNumber(parts[1], out double mu) || !TryNumber(parts[2], out double gamma))
            {
                return JacksonEvaluation.Failed($"--station must be SERVERS:SERVICE_RATE:EXTERNAL_ARRIVAL_RATE, e.g. 2:5:3 (got '{text}')");
            }

            try
            {
                list.Add(new JacksonStation(servers, mu, gamma));
            }
            catch (ArgumentException exception)
            {
                return JacksonEvaluation.Failed($"--station '{text}': {Describe(exception)}");
            }
        }

        if (!TryParseRouting(request.Routing, list.Count, out double[][] matrix, out string? error))
        {
            return JacksonEvaluation.Failed(error);
        }

        try
        {
            return new JacksonEvaluation(new OpenJacksonNetwork(list, matrix).Evaluate(), null);
        }
        catch (ArgumentException exception)
        {
            return JacksonEvaluation.Failed(Describe(exception));
        }
    }

    /// <summary>Parses <c>--routing</c>, rows separated by ';' and entries by ','; none means no routing (all zeros).</summary>
    private static bool TryParseRouting(string? routing, int stations, out double[][] matrix, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        matrix = new double[stations][];
        string[] rows = (routing ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (rows.Length != 0 && rows.Length != stations)
        {
            error = $"--routing has {rows.Length} rows for {stations} stations";
            return false;
        }

        for (int i = 0; i < stations; i++)
        {
            matrix[i] = new double[stations];
            if (rows.Length == 0)
            {
                continue;
            }

            string[] cells = rows[i].Split(',', StringSplitOptions.TrimEntries);
            if (cells.Length != stations)
            {
                error = $"--routing row {i} has {cells.Length} entries for {stations} stations";
                return false;
            }

            for (int j = 0; j < cells.Length; j++)
            {
                if (!TryNumber(cells[j], out matrix[i][j]))
                {
                    error = $"--routing row {i} entry {j} is not a number ('{cells[j]}')";
                    return false;
                }
            }
        }

        error = null;
        return true;
    }

    private static string Describe(ArgumentException exception) =>
        Regex.Replace(
            QueueingOutput.NameOptions(QueueingEvaluator.Describe(exception), NetworkOptionNames),
            @"routing\[(\d+)\]\[(\d+)\]",
            "--routing row $1 entry $2");

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
