using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using SamClr.MLNet.IO;
using SamClr.MLNet.Training.Monitoring;

namespace SamClr.MLNet.Samples.Plots;

/// <summary>
/// Draws learning curves the way the paper's Figure 2 shows them: kNN top-1 accuracy (%) against optimisation steps,
/// one line with markers per curve (e.g. SimCLR and SAMCLR), with axis titles and a legend, rendered by OxyPlot's
/// SkiaSharp PNG exporter. Curves named "NAME seed N" are runs of one method over several seeds: they are drawn as
/// one line, the mean per point, with a band of ± one sample standard deviation.
/// </summary>
internal static class LearningCurvePlot
{
    /// <summary>What separates a method's name from its seed in a curve's name ("SimCLR seed 1").</summary>
    public const string SeedSeparator = " seed ";

    /// <summary>Default image width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Default image height in pixels.</summary>
    public const int DefaultHeight = 500;

    /// <summary>Writes the plot of <paramref name="curves"/> to <paramref name="path"/> atomically (a temporary file, then a rename).</summary>
    public static void WritePng(string path, IReadOnlyList<LearningCurve> curves, string title, int width = DefaultWidth, int height = DefaultHeight)
    {
        if (curves.Count == 0) throw new ArgumentException("There is no curve to plot.", nameof(curves));
        var model = CreateModel(curves, title);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, "learning-curve plot", temporary =>
        {
            using var file = File.Create(temporary);
            // Text shaping would need HarfBuzz's native library, which the samples do not ship; plain Skia text suffices for labels.
            new OxyPlot.SkiaSharp.PngExporter { Width = width, Height = height, UseTextShaping = false }.Export(model, file);
        });
    }

    private static PlotModel CreateModel(IReadOnlyList<LearningCurve> curves, string title)
    {
        var model = new PlotModel { Title = title, Background = OxyColors.White };
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Bottom,
            Title = "optimisation steps",
            Minimum = 0,
            MajorGridlineStyle = LineStyle.Dot,
        });
        model.Axes.Add(new LinearAxis
        {
            Position = AxisPosition.Left,
            Title = "kNN top-1 accuracy (%)",
            MajorGridlineStyle = LineStyle.Dot,
        });
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.RightBottom, LegendPlacement = LegendPlacement.Inside, LegendBorder = OxyColors.Gray });
        var markers = new[] { MarkerType.Circle, MarkerType.Square, MarkerType.Diamond, MarkerType.Triangle };
        var colours = new[] { OxyColors.SteelBlue, OxyColors.OrangeRed, OxyColors.Gray, OxyColors.SeaGreen, OxyColors.Purple };
        var groups = curves.GroupBy(c => BaseName(c.Name)).ToList();
        for (int i = 0; i < groups.Count; i++)
        {
            var runs = groups[i].ToList();
            var colour = colours[i % colours.Length];
            int count = runs.Min(r => r.Points.Count);
            var mean = Enumerable.Range(0, count).Select(j => runs.Average(r => r.Points[j].KnnTop1)).ToArray();
            if (runs.Count > 1)
            {
                var band = new AreaSeries { Fill = OxyColor.FromAColor(60, colour), Color = OxyColors.Transparent, StrokeThickness = 0 };
                for (int j = 0; j < count; j++)
                {
                    double sd = Math.Sqrt(runs.Sum(r => Math.Pow(r.Points[j].KnnTop1 - mean[j], 2)) / (runs.Count - 1));
                    band.Points.Add(new DataPoint(runs[0].Points[j].Step, mean[j] + sd));
                    band.Points2.Add(new DataPoint(runs[0].Points[j].Step, mean[j] - sd));
                }
                model.Series.Add(band);
            }
            var series = new LineSeries
            {
                Title = runs.Count > 1 ? $"{groups[i].Key} (mean ± sd, {runs.Count} seeds)" : groups[i].Key,
                Color = colour, MarkerType = markers[i % markers.Length], MarkerSize = 3, StrokeThickness = 2,
            };
            series.Points.AddRange(Enumerable.Range(0, count).Select(j => new DataPoint(runs[0].Points[j].Step, mean[j])));
            model.Series.Add(series);
        }
        return model;
    }

    /// <summary>The method part of a curve's name: "SimCLR seed 2" -> "SimCLR".</summary>
    private static string BaseName(string name)
    {
        int at = name.LastIndexOf(SeedSeparator, StringComparison.Ordinal);
        return at > 0 && int.TryParse(name[(at + SeedSeparator.Length)..], out _) ? name[..at] : name;
    }
}
