using System.Globalization;
using ScottPlot;

namespace Aios.Benchmarks.Plots;

/// <summary>One named curve of a <see cref="ResultPlot"/>: x and y values of equal length.</summary>
internal sealed record PlotSeries(string Label, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>One named group of bars of a <see cref="ResultPlot"/>: a value per category, in the categories' order.</summary>
internal sealed record BarSeries(string Label, IReadOnlyList<double> Values);

/// <summary>
/// The figures committed beside the experiment tables in <c>results/</c> (ScottPlot, as the CLI's plots): line charts
/// of a metric against a swept parameter and grouped bar charts of a metric per case. SVG or PNG by the extension.
/// </summary>
internal static class ResultPlot
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>Writes a line chart, one curve with markers per series.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, bool logY = false)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            PlotSeries s = series[i];
            double[] y = [.. s.Y.Select(v => logY ? Math.Log10(Math.Max(v, 1e-12)) : v)];
            var line = plot.Add.Scatter(s.X.ToArray(), y);
            line.LegendText = s.Label;
            line.Color = palette.GetColor(i);
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        if (logY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = value => Math.Pow(10, value).ToString("G3", CultureInfo.InvariantCulture),
            };
        }

        Finish(plot, path, title, xLabel, yLabel + (logY ? " (log scale)" : ""));
    }

    /// <summary>Writes a grouped bar chart: one group per category, one bar per series inside it.</summary>
    public static void Bars(string path, string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int groups = categories.Count;
        double width = 0.8 / Math.Max(1, series.Count);
        for (int s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>(groups);
            for (int g = 0; g < groups; g++)
            {
                bars.Add(new Bar
                {
                    Position = g + (s - (series.Count - 1) / 2.0) * width,
                    Value = series[s].Values[g],
                    FillColor = palette.GetColor(s),
                    Size = width * 0.95,
                });
            }

            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = series[s].Label;
        }

        Tick[] ticks = [.. categories.Select((name, index) => new Tick(index, name))];
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(bottom: 0);
        Finish(plot, path, title, "", yLabel);
    }

    private static void Finish(Plot plot, string path, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = xLabel;
        plot.Axes.Left.Label.Text = yLabel;
        plot.ShowLegend(Alignment.UpperLeft);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase))
        {
            plot.SavePng(path, Width, Height);
        }
        else
        {
            plot.SaveSvg(path, Width, Height);
        }
    }
}
