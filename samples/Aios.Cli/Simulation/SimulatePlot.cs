using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Aios.Scheduling.Model;
using Aios.Scheduling.Simulation;
using ScottPlot;

namespace Aios.Cli.Simulation;

/// <summary>
/// The <c>--plot</c> of <c>aios simulate</c> (ScottPlot): three panels stacked, one curve per policy in each, in the
/// same colour throughout — the JCT CDF, GPU utilization over time and the number of waiting jobs over time.
/// </summary>
/// <remarks>
/// Each panel is its own <see cref="Plot"/>. A PNG is drawn by ScottPlot's <see cref="Multiplot"/> (rows); ScottPlot
/// saves a multiplot as PNG only, so an SVG is the three panels' own SVGs nested in one document, one below the other
/// (each panel's ids prefixed, so their clip paths stay apart). Both give the same layout.
/// </remarks>
internal static partial class SimulatePlot
{
    private const int Width = 1100;
    private const int PanelHeight = 420;

    /// <summary>Checks a <c>--plot</c> target before anything runs: the problem to report, or null.</summary>
    public static string? Check(string path, bool overwrite)
    {
        string extension = Path.GetExtension(path);
        if (!extension.Equals(".png", StringComparison.OrdinalIgnoreCase) && !extension.Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            return $"--plot: '{path}' must end in .png or .svg";
        }

        return OutputFile.Check("--plot", path, overwrite);
    }

    public static void Write(string path, IReadOnlyList<SimulatedPolicy> runs, ClusterSpec cluster, string traceName, bool overwrite)
    {
        Plot[] panels = Panels(runs, cluster, traceName);

        OutputFile.Write(path, overwrite, temporary =>
        {
            if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
            {
                File.WriteAllText(temporary, StackSvg(panels), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                return;
            }

            var multiplot = new Multiplot();
            foreach (Plot panel in panels)
            {
                multiplot.AddPlot(panel);
            }

            // A fresh Multiplot holds one empty plot of its own: drop it so only the three panels are drawn.
            while (multiplot.Count() > panels.Length)
            {
                multiplot.RemovePlot(multiplot.GetPlot(0));
            }

            multiplot.SavePng(temporary, Width, PanelHeight * panels.Length);
        });
    }

    private static Plot[] Panels(IReadOnlyList<SimulatedPolicy> runs, ClusterSpec cluster, string traceName)
    {
        var palette = new ScottPlot.Palettes.Category10();
        var cdf = new Plot();
        var utilization = new Plot();
        var waiting = new Plot();
        double origin = double.PositiveInfinity;
        foreach (SimulatedPolicy run in runs)
        {
            if (run.Result.UtilizationOverTime.Count > 0)
            {
                origin = Math.Min(origin, run.Result.UtilizationOverTime[0].Start);
            }
        }

        origin = double.IsFinite(origin) ? origin : 0;
        (double jctScale, string jctUnit) = Unit(runs.SelectMany(run => run.CompletionTimes).DefaultIfEmpty(0).Max());
        (double timeScale, string timeUnit) = Unit(runs.Max(run => run.Result.UtilizationOverTime.Sum(s => s.Length)));
        for (int i = 0; i < runs.Count; i++)
        {
            SimulationResult result = runs[i].Result;
            Color color = palette.GetColor(i);

            // Each later policy is drawn thinner on top, so curves that coincide still show every colour.
            float width = Math.Max(1.2f, 3.2f - (0.6f * i));

            double[] jct = [.. runs[i].CompletionTimes.Select(seconds => seconds / jctScale)];
            Array.Sort(jct);
            if (jct.Length > 0)
            {
                // A step up of 1/n at each JCT, from 0 at the shortest.
                double[] x = [jct[0], .. jct];
                double[] y = [0, .. Enumerable.Range(1, jct.Length).Select(k => (double)k / jct.Length)];
                Line(cdf, x, y, color, width, string.Create(CultureInfo.InvariantCulture, $"{result.PolicyName} (mean {result.MeanJct / jctScale:0.##} {jctUnit})"));
            }

            (double[] ux, double[] uy) = Steps(result.UtilizationOverTime.Select(s => (s.Start, s.Length, s.Utilization * 100)), origin, timeScale);
            Line(utilization, ux, uy, color, width, string.Create(CultureInfo.InvariantCulture, $"{result.PolicyName} ({result.Utilization:P1} overall)"));
            (double[] qx, double[] qy) = Steps(result.QueueLengthOverTime.Select(s => (s.Start, s.Length, s.Waiting)), origin, timeScale);
            Line(waiting, qx, qy, color, width, result.PolicyName);
        }

        cdf.Title(string.Create(CultureInfo.InvariantCulture, $"JCT CDF — {traceName}: {runs[0].Result.Jobs} jobs on {cluster.TotalDevices} GPUs ({cluster.Nodes.Count} nodes)"));
        cdf.XLabel($"job completion time ({jctUnit})");
        cdf.YLabel("fraction of completed jobs");
        cdf.Axes.AutoScale();
        cdf.Axes.SetLimits(0, Math.Max(cdf.Axes.GetLimits().Right, 1e-9), 0, 1.02);
        cdf.ShowLegend(Alignment.LowerRight);

        utilization.Title("GPU utilization over time");
        utilization.XLabel($"{timeUnit} since the first arrival");
        utilization.YLabel("GPUs held (%)");
        utilization.ShowLegend(Alignment.LowerRight);

        waiting.Title("Waiting jobs over time (queued or preempted)");
        waiting.XLabel($"{timeUnit} since the first arrival");
        waiting.YLabel("jobs waiting (mean per interval)");
        waiting.ShowLegend(Alignment.UpperRight);

        // Utilization and waiting jobs share one time axis.
        utilization.Axes.AutoScale();
        waiting.Axes.AutoScale();
        AxisLimits time = utilization.Axes.GetLimits();
        AxisLimits other = waiting.Axes.GetLimits();
        double left = 0;
        double right = Math.Max(time.Right, other.Right);
        utilization.Axes.SetLimitsX(left, right);
        waiting.Axes.SetLimitsX(left, right);
        utilization.Axes.SetLimitsY(0, 105);
        waiting.Axes.SetLimitsY(0, Math.Max(1, other.Top * 1.05));
        return [cdf, utilization, waiting];
    }

    /// <summary>Interval means as a step line: each value held over its interval, the last to its interval's end.</summary>
    /// <summary>The unit of a time axis whose largest value is <paramref name="seconds"/>: seconds, minutes or hours.</summary>
    private static (double Scale, string Name) Unit(double seconds) => seconds switch
    {
        < 120 => (1, "s"),
        < 2 * 3600 => (60, "min"),
        _ => (3600, "h"),
    };

    private static (double[] X, double[] Y) Steps(IEnumerable<(double Start, double Length, double Value)> samples, double origin, double scale)
    {
        var x = new List<double>();
        var y = new List<double>();
        double last = double.NaN;
        double end = double.NaN;
        foreach ((double start, double length, double value) in samples)
        {
            x.Add((start - origin) / scale);
            y.Add(value);
            last = value;
            end = (start + length - origin) / scale;
        }

        if (x.Count > 0)
        {
            x.Add(end);
            y.Add(last);
        }

        return ([.. x], [.. y]);
    }

    private static void Line(Plot plot, double[] x, double[] y, Color color, float width, string label)
    {
        if (x.Length == 0)
        {
            return;
        }

        var line = plot.Add.Scatter(x, y);
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LegendText = label;
        line.Color = color;
        line.LineWidth = width;
        line.MarkerSize = 0;
    }

    /// <summary>The panels' SVGs one below the other in one SVG document.</summary>
    private static string StackSvg(Plot[] panels)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{PanelHeight * panels.Length}\" viewBox=\"0 0 {Width} {PanelHeight * panels.Length}\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int i = 0; i < panels.Length; i++)
        {
            string panel = panels[i].GetSvgXml(Width, PanelHeight);
            int root = panel.IndexOf("<svg", StringComparison.Ordinal);
            panel = panel[root..];
            string prefix = string.Create(CultureInfo.InvariantCulture, $"panel{i}-");
            panel = IdAttribute().Replace(panel, match => $"id=\"{prefix}{match.Groups[1].Value}\"");
            panel = IdReference().Replace(panel, match => $"url(#{prefix}{match.Groups[1].Value})");
            panel = HrefReference().Replace(panel, match => $"href=\"#{prefix}{match.Groups[1].Value}\"");
            svg.Append(CultureInfo.InvariantCulture, $"<svg x=\"0\" y=\"{i * PanelHeight}\"").Append(panel.AsSpan(4)).Append('\n');
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    [GeneratedRegex("id=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex IdReference();

    [GeneratedRegex("href=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
