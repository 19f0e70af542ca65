using System.Diagnostics;
using SamClr.MLNet.Training.Monitoring;
using SkiaSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Samples;

/// <summary>
/// Runs the samples app's <c>curves</c> command. The plot writer lives in the app (the only project that references
/// OxyPlot), so these tests run the built app, as the solution build leaves it, the way a user would.
/// </summary>
[Collection(SequentialCollection.Name)]
public class CurvesCommandTests
{
    [Fact]
    public void PlotOfACsvIsAnImageOfTheExpectedSize()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-plot-" + Guid.NewGuid().ToString("N"));
        try
        {
            string csv = Path.Combine(folder, "in.csv");
            LearningCurveCsv.Write(csv, new[]
            {
                new LearningCurve("SimCLR", new[] { new LearningCurvePoint(2, 100, 30, TimeSpan.FromSeconds(10)), new LearningCurvePoint(4, 200, 40, TimeSpan.FromSeconds(20)) }),
                new LearningCurve("SAMCLR", new[] { new LearningCurvePoint(2, 100, 35, TimeSpan.FromSeconds(11)), new LearningCurvePoint(4, 200, 50, TimeSpan.FromSeconds(22)) }),
            });
            string output = RunSamples("curves", "--from-csv", csv, "--out", folder);
            Assert.Contains("curves.png", output);
            using var bitmap = SKBitmap.Decode(Path.Combine(folder, "curves.png"));
            Assert.NotNull(bitmap);
            Assert.Equal((800, 500), (bitmap.Width, bitmap.Height));
            // White background with dark text and coloured lines drawn on it.
            Assert.True(bitmap.Pixels.Count(p => p != SKColors.White) > 2000, "The plot should have been drawn on the white background.");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void CurvesOfSeveralSeedsAreDrawnAsOneBandPerMethod()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-plot-" + Guid.NewGuid().ToString("N"));
        try
        {
            static LearningCurve Run(string name, double a, double b) =>
                new(name, new[] { new LearningCurvePoint(2, 100, a, TimeSpan.Zero), new LearningCurvePoint(4, 200, b, TimeSpan.Zero) });
            string csv = Path.Combine(folder, "seeds.csv");
            LearningCurveCsv.Write(csv, new[] { Run("SimCLR seed 0", 20, 30), Run("SimCLR seed 1", 30, 50), Run("random init seed 0", 10, 10), Run("random init seed 1", 12, 12) });
            RunSamples("curves", "--from-csv", csv, "--out", folder);
            using var bitmap = SKBitmap.Decode(Path.Combine(folder, "curves.png"));
            // The translucent band: pixels that are neither white, grey text nor a line colour's full strength.
            Assert.True(bitmap.Pixels.Count(p => p.Alpha == 255 && p.Red != p.Blue && p.Red > 150 && p.Blue > 150) > 1000, "Expected a light band around the SimCLR mean.");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void TinyRunWritesBothCurvesAndThePlot()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-curves-" + Guid.NewGuid().ToString("N"));
        try
        {
            string output = RunSamples("curves", "--scenes", "16", "--epochs", "3", "--monitor-every", "2", "--batch", "8", "--view-size", "16",
                "--eval-train", "20", "--eval-test", "10", "--device", "cpu", "--out", Path.Combine(folder, "out"), "--work", Path.Combine(folder, "work"));
            // Redirected output: plain progress lines and a Markdown table, no terminal control sequences.
            Assert.Contains("100.0% SimCLR epoch 3/3 step 6/6", output);
            Assert.Contains("| SAMCLR |", output);
            Assert.DoesNotContain('\u001b', output);
            var curves = LearningCurveCsv.Read(Path.Combine(folder, "out", "curves.csv"));
            Assert.Equal(new[] { "SimCLR", "SAMCLR", "random init" }, curves.Select(c => c.Name));
            Assert.All(curves.Take(2), c => Assert.Equal(new[] { (2, 4), (3, 6) }, c.Points.Select(p => (p.Epoch, p.Step))));
            Assert.Equal(new[] { 0, 6 }, curves[2].Points.Select(p => p.Step));
            Assert.Equal(curves[2].Points[0].KnnTop1, curves[2].Points[1].KnnTop1);
            Assert.All(curves.SelectMany(c => c.Points), p => Assert.InRange(p.KnnTop1, 0, 100));
            using var bitmap = SKBitmap.Decode(Path.Combine(folder, "out", "curves.png"));
            Assert.Equal((800, 500), (bitmap.Width, bitmap.Height));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    internal static string SamplesAppPath()
    {
        // tests/SamClr.MLNet.Tests/bin/<Configuration>/net10.0 -> src/SamClr.MLNet.Samples/bin/<Configuration>/net10.0
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = here.Parent!.Name, root = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        string path = Path.Combine(root, "src", "SamClr.MLNet.Samples", "bin", configuration, here.Name, "samclr.dll");
        Assert.True(File.Exists(path), $"The samples app is not built at '{path}': build the solution (dotnet build SamClr.MLNet.sln -c {configuration}) first.");
        return path;
    }

    private static string RunSamples(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(SamplesAppPath());
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "samclr did not finish within 2 minutes.");
        Assert.True(process.ExitCode == 0, $"samclr {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
        return output.Result;
    }
}
