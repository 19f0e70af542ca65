using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Onnx.Pipelines;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Onnx.Pipelines;

[Collection(SequentialCollection.Name)]
public class ClassifyAppTests
{
    /// <summary>
    /// Trains a classifier on image files, saves it with ML.NET, deletes the ONNX file, and runs the samclr-classify app
    /// (which references neither TorchSharp nor this library) on two images: it must print the same classes as the model
    /// in this process.
    /// </summary>
    [Fact]
    public void SavedModelRunsInAnAppWithoutTorchSharp()
    {
        string folder = Path.Combine(Path.GetTempPath(), "samclr-classify-" + Guid.NewGuid().ToString("N"));
        try
        {
            var objects = SyntheticSceneGenerator.GenerateObjects(20, 16, 3);
            var rows = new List<(string ImagePath, string Label)>();
            for (int i = 0; i < objects.Count; i++)
            {
                string path = Path.Combine(folder, $"object-{i}.png");
                TestImages.WritePng(path, objects, i);
                rows.Add((path, objects.ClassNames![objects.Labels![i]]));
            }
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(rows.Select(r => new LabelledImage { ImagePath = r.ImagePath, Label = r.Label }));
            var options = new SimClrOptions { Backbone = "small-cnn", ViewSize = 16, Training = new PretrainingOptions { Device = ComputeDevice.Cpu } };
            using var featurizer = ml.Transforms.SimClr(options).CreateUntrained();
            string onnx = Path.Combine(folder, "encoder.onnx"), zip = Path.Combine(folder, "model.zip");
            var model = ImageClassifierPipeline.Train(ml, featurizer, data, onnx);
            ml.Model.Save(model, data.Schema, zip);
            File.Delete(onnx);
            var expected = model.Transform(data).GetColumn<ReadOnlyMemory<char>>(ImageClassifierPipeline.PredictedClassColumn).Take(2).Select(c => c.ToString()).ToArray();

            var (code, output, warning) = Run(new[] { zip, rows[0].ImagePath, rows[1].ImagePath });
            Assert.Equal(0, code);
            Assert.Contains("it is code, load only models you trust", warning); // no checksum file beside the zip
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Equal(expected, lines.Select(l => l.Split('\t')[1]).ToArray());
            Assert.All(lines, l => Assert.InRange(float.Parse(l.Split('\t')[2], System.Globalization.CultureInfo.InvariantCulture), 0f, 1f));

            // With the checksum file --save-model writes, a matching zip loads silently and a changed one is refused.
            string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(zip))).ToLowerInvariant();
            File.WriteAllText(zip + ".sha256", $"{hash}  model.zip\n");
            var verified = Run(new[] { zip, rows[0].ImagePath });
            Assert.Equal((0, ""), (verified.Code, verified.Error));
            File.WriteAllText(zip + ".sha256", $"{new string('0', 64)}  model.zip\n");
            var (refusedCode, refused) = RunClassifyExpectingFailure(zip, rows[0].ImagePath);
            Assert.Equal(1, refusedCode);
            Assert.Contains("does not match its SHA-256", refused);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void CorruptModelFileGetsAClearError()
    {
        string zip = Path.Combine(Path.GetTempPath(), "samclr-corrupt-" + Guid.NewGuid().ToString("N") + ".zip");
        File.WriteAllBytes(zip, new byte[] { 1, 2, 3 });
        string image = Path.ChangeExtension(zip, ".png");
        TestImages.WritePng(image, SyntheticSceneGenerator.GenerateObjects(1, 16, 0), 0);
        try
        {
            var (code, error) = RunClassifyExpectingFailure(zip, image);
            Assert.Equal(1, code);
            Assert.Contains("is not a readable model zip", error);
        }
        finally
        {
            File.Delete(zip);
            File.Delete(image);
        }
    }

    private static string AppPath()
    {
        // tests/SamClr.MLNet.Tests/bin/<Configuration>/net10.0 -> src/SamClr.MLNet.Classify/bin/<Configuration>/net10.0
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = here.Parent!.Name, root = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        return Path.Combine(root, "src", "SamClr.MLNet.Classify", "bin", configuration, here.Name, "samclr-classify.dll");
    }

    private static string RunClassify(params string[] arguments)
    {
        var (code, output, error) = Run(arguments);
        Assert.True(code == 0, $"samclr-classify failed ({code}): {error}");
        return output;
    }

    private static (int Code, string Error) RunClassifyExpectingFailure(params string[] arguments)
    {
        var (code, _, error) = Run(arguments);
        return (code, error);
    }

    private static (int Code, string Output, string Error) Run(string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AppPath());
        start.ArgumentList.Add("--model");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "samclr-classify did not finish within 2 minutes.");
        return (process.ExitCode, output.Result, error.Result);
    }

    private sealed class LabelledImage
    {
        public string ImagePath { get; set; } = "";

        public string Label { get; set; } = "";
    }
}
