using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using SamClr.MLNet.Training.Monitoring;

namespace SamClr.MLNet.Samples.Plots;

/// <summary>
/// Draws learning curves the way the paper's Figure 2 shows them: kNN top-1 accuracy (%) against optimisation steps,
/// one line with markers per curve (e.g. SimCLR and SAMCLR), with axis titles and a legend, rendered by OxyPlot's
/// SkiaSharp PNG exporter.
/// </summary>
internal static class LearningCurvePlot
{
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
        for (int i = 0; i < curves.Count; i++)
        {
            var series = new LineSeries { Title = curves[i].Name, MarkerType = markers[i % markers.Length], MarkerSize = 3, StrokeThickness = 2 };
            series.Points.AddRange(curves[i].Points.Select(p => new DataPoint(p.Step, p.KnnTop1)));
            model.Series.Add(series);
        }
        return model;
    }
}
