using System.Text.Json;
using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.Tests.Samples;
using Xunit;

namespace SamClr.MLNet.Tests.Reproduce;

/// <summary>Runs the built samclr app's reproduce command on tiny generated data sets.</summary>
[Collection(SequentialCollection.Name)]
public sealed class ReproduceCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "samclr-reproduce-" + Guid.NewGuid().ToString("N"));

    public ReproduceCommandTests()
    {
        SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 8, ImageSize = 32, Seed = 3 }).SaveAsFolder(Path.Combine(_folder, "scenes"));
        Cifar10Writer.Write(Path.Combine(_folder, "cifar"), SyntheticSceneGenerator.GenerateObjects(20, 32, 1), SyntheticSceneGenerator.GenerateObjects(10, 32, 2));
        var train = SyntheticSceneGenerator.GenerateObjects(12, 24, 4);
        var val = SyntheticSceneGenerator.GenerateObjects(6, 24, 5);
        foreach (var (split, set) in new[] { ("train", train), ("val", val) })
            for (int i = 0; i < set.Count; i++)
                TestImages.WritePng(Path.Combine(_folder, "nette", split, set.ClassNames![set.Labels![i]], $"{i}.png"), set, i);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, true);
    }

    [Fact]
    public void ProducesOneCellPerRowSeedSetAndProtocolWithMeanAndSd()
    {
        string output = Path.Combine(_folder, "out");
        Reproduce(output, "simclr,samclr", "--seeds", "7,8", "--linear", "sgd,lbfgs", "--probe-epochs", "1", "--temperature", "simclr=0.2");

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(3 * 2 * 2 * 3, cells.Count);
        foreach (var method in new[] { "random", "simclr", "samclr" })
            foreach (var seed in new[] { 7, 8 })
                foreach (var set in new[] { "cifar", "nette" })
                    foreach (var protocol in new[] { "knn", "linear-sgd", "linear-lbfgs" })
                    {
                        var cell = Assert.Single(cells, c => c.GetProperty("method").GetString() == method && c.GetProperty("seed").GetInt32() == seed &&
                                                              c.GetProperty("evaluationSet").GetString() == set && c.GetProperty("protocol").GetString() == protocol);
                        Assert.InRange(cell.GetProperty("top1").GetDouble(), 0, 100);
                        Assert.True(cell.GetProperty("imagesPerSecond").GetDouble() > 0);
                    }
        var configuration = json.RootElement.GetProperty("configuration");
        Assert.Equal(new[] { 7, 8 }, configuration.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(0.2, configuration.GetProperty("temperatures").GetProperty("simclr").GetDouble());
        Assert.Equal(0.07, configuration.GetProperty("temperatures").GetProperty("samclr").GetDouble());
        var summary = json.RootElement.GetProperty("summary").EnumerateArray().ToList();
        Assert.Equal(3 * 2 * 3, summary.Count);
        Assert.All(summary, s => Assert.Equal(2, s.GetProperty("seeds").GetInt32()));
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("runs")[0].GetProperty("versions").GetProperty("torchSharp").GetString()));

        var table = File.ReadAllLines(Path.Combine(output, "results.md")).Where(l => l.StartsWith('|')).ToList();
        Assert.Equal("| method | T | kNN cifar | kNN nette | linear cifar | linear nette | L-BFGS cifar | L-BFGS nette |", table[0]);
        Assert.Equal(5, table.Count);
        Assert.StartsWith("| random init | - |", table[2]);
        Assert.StartsWith("| SimCLR | 0.2 |", table[3]);
        Assert.StartsWith("| SAMCLR | 0.07 |", table[4]);
        Assert.All(table.Skip(2), row => Assert.Equal(6, row.Split('±').Length - 1));
        Assert.Equal(1 + 36, File.ReadAllLines(Path.Combine(output, "results.csv")).Length);
        Assert.Equal(1 + 18, File.ReadAllLines(Path.Combine(output, "summary.csv")).Length);
        Assert.True(File.Exists(Path.Combine(output, "seed8", "samclr", "encoder", "encoder.json")));
    }

    [Fact]
    public void ASecondRunWithAnotherMethodOrSeedKeepsTheFinishedCells()
    {
        string output = Path.Combine(_folder, "out");
        Reproduce(output, "simclr");
        var first = Cells(output);
        Assert.Equal(2 * 2 * 2, first.Count);

        Reproduce(output, "simclr,moco+regions");
        var second = Cells(output);
        Assert.Equal(3 * 2 * 2, second.Count);
        foreach (var (key, (run, finished)) in first)
            Assert.Equal((1, finished), second[key]);
        Assert.All(second.Where(c => c.Key.StartsWith("moco+regions", StringComparison.Ordinal)), c => Assert.Equal(2, c.Value.Run));

        Reproduce(output, "simclr", "--seeds", "7,9");
        var third = Cells(output);
        Assert.Equal(3 * 2 * 2 + 2 * 2 * 2, third.Count);
        foreach (var (key, value) in second) Assert.Equal(value, third[key]);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        Assert.Equal(3, json.RootElement.GetProperty("runs").GetArrayLength());
        Assert.Equal(3, json.RootElement.GetProperty("pretrainings").GetArrayLength());
    }

    [Fact]
    public void ATemperatureForAMethodNotTrainedIsRefused()
    {
        var (code, _, error) = SamplesApp.TryRun(Arguments(Path.Combine(_folder, "out"), "simclr", 1, "--temperature", "moco=0.2"));
        Assert.Equal(2, code);
        Assert.Contains("--temperature names moco", error);
    }

    [Fact]
    public void PretrainRefusesABareTemperatureForANonContrastiveMethod()
    {
        var (code, _, error) = SamplesApp.TryRun(new[] { "pretrain", "--images", Path.Combine(_folder, "scenes", "images"), "--method", "dino", "--temperature", "0.2" });
        Assert.Equal(2, code);
        Assert.Contains("use dino=VALUE", error);
    }

    [Fact]
    public void OtherSettingsInTheSameOutputAreRefused()
    {
        string output = Path.Combine(_folder, "out");
        Reproduce(output, "simclr");
        var (code, _, error) = SamplesApp.TryRun(Arguments(output, "simclr", epochs: 2));
        Assert.Equal(2, code);
        Assert.Contains("--epochs 1 -> 2", error);
    }

    [Fact]
    public void AnEncoderPathOutsideTheOutputFolderInResultsJsonIsRefused()
    {
        string output = Path.Combine(_folder, "out");
        Reproduce(output, "simclr");
        string results = Path.Combine(output, "results.json");
        var record = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(results))!;
        record["pretrainings"]![0]!["encoderDirectory"] = "../../elsewhere/encoder";
        record["cells"] = new System.Text.Json.Nodes.JsonArray(); // every cell pending again, so the encoder is loaded
        File.WriteAllText(results, record.ToJsonString());

        var (code, _, error) = SamplesApp.TryRun(Arguments(output, "simclr"));

        Assert.NotEqual(0, code);
        Assert.Contains("'../../elsewhere/encoder', outside the output folder", error);
    }

    private static Dictionary<string, (int Run, string Finished)> Cells(string output)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "results.json")));
        return json.RootElement.GetProperty("cells").EnumerateArray().ToDictionary(
            c => $"{c.GetProperty("method").GetString()}|{c.GetProperty("seed").GetInt32()}|{c.GetProperty("evaluationSet").GetString()}|{c.GetProperty("protocol").GetString()}",
            c => (c.GetProperty("run").GetInt32(), c.GetProperty("finishedUtc").GetString()!));
    }

    private void Reproduce(string output, string methods, params string[] extra)
    {
        var (code, stdout, error) = SamplesApp.TryRun(Arguments(output, methods, 1, extra));
        Assert.True(code == 0, $"reproduce failed ({code}): {error}\n{stdout}");
    }

    private string[] Arguments(string output, string methods, int epochs = 1, params string[] extra) => new[]
    {
        "reproduce", "--pretrain", Path.Combine(_folder, "scenes", "images"), "--methods", methods,
        "--eval", Path.Combine(_folder, "cifar") + "," + Path.Combine(_folder, "nette"), "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--batch", "8", "--view-size", "16", "--backbone", "small-cnn", "--device", "cpu", "--out", output,
    }.Concat(extra.Contains("--seeds") ? extra : extra.Concat(new[] { "--seed", "7" })).ToArray();

}
