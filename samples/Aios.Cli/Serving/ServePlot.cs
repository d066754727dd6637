using Aios.Serving.Planning;
using Aios.Serving.Simulation;
using ScottPlot;

namespace Aios.Cli.Serving;

/// <summary>
/// The <c>--plot</c> of <c>aios serve replay</c> (ScottPlot): arrival rate and each policy's replicas on the left axis,
/// each policy's p99 time to first token per window on the right axis, the objective as a dashed line.
/// </summary>
internal static class ServePlot
{
    public static void Write(string path, IReadOnlyList<ReplayResult> results, LatencyObjective objective, bool overwrite)
    {
        var plot = new Plot();
        ReplayResult first = results[0];
        double[] minutes = [.. first.Windows.Select(w => w.Start / 60)];
        var arrivals = plot.Add.Scatter(minutes, [.. first.Windows.Select(w => w.ArrivalRate)]);
        arrivals.LegendText = "arrivals/s";
        arrivals.Color = Colors.Black;
        arrivals.LineWidth = 2;
        arrivals.MarkerSize = 0;
        var palette = new ScottPlot.Palettes.Category10();
        double clip = objective.ThresholdSeconds * 5;
        for (int i = 0; i < results.Count; i++)
        {
            ReplayResult result = results[i];
            double[] x = [.. result.Windows.Select(w => w.Start / 60)];
            var replicas = plot.Add.Scatter(x, [.. result.Windows.Select(w => (double)(w.ReadyReplicas + w.PendingReplicas))]);
            replicas.LegendText = $"{result.Policy} replicas";
            replicas.Color = palette.GetColor(i);
            replicas.LineWidth = 1.5f;
            replicas.MarkerSize = 0;
            var latency = plot.Add.Scatter(x, [.. result.Windows.Select(w => double.IsNaN(w.P99TimeToFirstTokenSeconds) ? 0 : Math.Min(w.P99TimeToFirstTokenSeconds, clip))]);
            latency.LegendText = $"{result.Policy} p99 TTFT";
            latency.Color = replicas.Color;
            latency.LinePattern = LinePattern.Dotted;
            latency.MarkerSize = 0;
            latency.Axes.YAxis = plot.Axes.Right;
        }

        var bound = plot.Add.HorizontalLine(objective.ThresholdSeconds);
        bound.LegendText = objective.ToString();
        bound.LinePattern = LinePattern.Dashed;
        bound.Axes.YAxis = plot.Axes.Right;
        plot.Title($"{first.TraceName}: {first.Requests} requests on {first.Profile.DeviceType}, objective {objective}");
        plot.XLabel("minutes");
        plot.YLabel("arrivals/s, replicas");
        plot.Axes.Right.Label.Text = $"p99 TTFT per window (s, cut at {clip:0.##})";
        plot.ShowLegend(Edge.Right);

        OutputFile.Write(path, overwrite, temporary =>
        {
            if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
            {
                plot.SaveSvg(temporary, 1200, 700);
            }
            else
            {
                plot.SavePng(temporary, 1200, 700);
            }
        });
    }
}
