using System.Diagnostics;
using SamClr.MLNet.Data;
using SamClr.MLNet.Scenes;
using SamClr.MLNet.Tests.Data;
using Xunit;

namespace SamClr.MLNet.Tests.Samples;

/// <summary>
/// The samples app's command line: --help of every command lists its options with their defaults, and mistakes (an
/// unknown option, a value of the wrong type, options that do not go together) stop it with exit code 2 and a message
/// naming the option and the command, before any work.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, string, string> OptionsWithDefaults() => new()
    {
        { "demo", "--epochs <N>", "[default: 30]" },
        { "demo", "--kind <shapes|street>", "[default: street]" },
        { "pretrain", "--epochs <N>", "[default: 100]" },
        { "pretrain", "--min-area <X>", "[default: 1000]" },
        { "pretrain", "--method <method>", "[default: samclr]" },
        { "reproduce", "--probe-epochs <N>", "[default: 90]" },
        { "reproduce", "--view-size <N>", "[default: 128]" },
        { "curves", "--monitor-every <N>", "[default: 2]" },
        { "curves", "--min-area <X>", "[default: 100]" },
        { "bench", "--device <auto|cpu|cuda>", "[default: auto]" },
        { "soak", "--batch <N>", "[default: 32]" },
        { "segment", "--points-per-side <N>", "[default: 32]" },
        { "scenes", "--count <N>", "[default: 200]" },
        { "visualize", "--box-scale <X>", "[default: 1.3]" },
        { "export", "--format <pytorch|safetensors>", "[default: safetensors]" },
        { "tiny-sam", "--out <DIR>", "(REQUIRED)" },
    };

    [Theory]
    [MemberData(nameof(OptionsWithDefaults))]
    public void HelpOfEveryCommandListsItsOptionsWithTheirDefaults(string command, string option, string shown)
    {
        string help = SamplesApp.Run(command, "--help");
        Assert.Contains($"samclr {command} [options]", help);
        var line = Assert.Single(help.Split('\n'), l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.Contains(shown, line);
    }

    [Fact]
    public void HelpOfTheAppListsEveryCommand()
    {
        string help = SamplesApp.Run("--help");
        foreach (var command in new[] { "demo", "pretrain", "scenes", "segment", "visualize", "tiny-sam", "bench", "export", "reproduce", "curves", "soak" })
            Assert.Matches($@"\n\s+{command}\s", help);
    }

    [Fact]
    public void AMistypedOptionNamesItselfAndTheCommandBeforeAnyWork()
    {
        var (code, output, error) = SamplesApp.TryRun("pretrain", "--images", _folder.Path, "--epocs", "3");
        Assert.Equal(2, code);
        Assert.Contains("samclr pretrain: Unrecognized command or argument '--epocs'", error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("--epochs", "abc")]
    [InlineData("--batch", "1.5")]
    [InlineData("--lr", "fast")]
    public void AValueOfTheWrongTypeNamesTheOption(string option, string value)
    {
        var (code, output, error) = SamplesApp.TryRun("pretrain", "--images", _folder.Path, option, value);
        Assert.Equal(2, code);
        Assert.Contains($"samclr pretrain: Cannot parse argument '{value}' for option '{option}'", error);
        Assert.Equal("", output);
    }

    [Fact]
    public void SaveModelWithACifarEvaluationSetFailsBeforePretraining()
    {
        string scenes = Path.Combine(_folder.Path, "scenes");
        SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 4, ImageSize = 32 }).SaveAsFolder(scenes);
        string cifar = Path.Combine(_folder.Path, "cifar");
        Cifar10Writer.Write(cifar, SyntheticSceneGenerator.GenerateObjects(4, 32, 1), SyntheticSceneGenerator.GenerateObjects(2, 32, 2));
        var clock = Stopwatch.StartNew();

        var (code, output, error) = SamplesApp.TryRun("pretrain", "--images", Path.Combine(scenes, "images"), "--eval", cifar,
            "--save-model", Path.Combine(_folder.Path, "model.zip"), "--epochs", "1", "--batch", "4", "--backbone", "small-cnn", "--view-size", "16");

        Assert.Equal(2, code);
        Assert.Contains("samclr pretrain: --save-model trains on the --eval data set's image files, but --eval is Cifar10", error);
        Assert.Equal("", output);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"The refusal took {clock.Elapsed}.");
    }

    public static TheoryData<string[], string> Clashes() => new()
    {
        { new[] { "pretrain", "--images", "{dir}", "--masks", "{dir}", "--store", "{dir}" }, "--masks and --store cannot be used together" },
        { new[] { "pretrain", "--images", "{dir}", "--save-model", "{dir}/m.zip" }, "--save-model needs --eval" },
        { new[] { "pretrain", "--images", "{dir}", "--method", "moco", "--multi-crop" }, "--multi-crop is the SAMCLR authors' variant" },
        { new[] { "pretrain", "--images", "{dir}", "--method", "moco", "--store", "{dir}" }, "--masks and --store feed region views" },
        { new[] { "pretrain", "--images", "{dir}", "--method", "byol" }, "--method must be one of simclr, samclr, moco, dino, swav" },
        { new[] { "pretrain", "--images", "{dir}", "--multi-crop", "--crop-scale", "0.5" }, "--crop-scale and --multi-crop cannot be used together" },
        { new[] { "pretrain", "--images", "{dir}/missing" }, "--images: the folder '{dir}/missing' does not exist" },
        { new[] { "pretrain", "--images", "{dir}", "--init", "{dir}/missing.pt" }, "--init: the file '{dir}/missing.pt' does not exist" },
        { new[] { "pretrain", "--images", "{dir}", "--save-model", "{dir}/missing/m.zip", "--eval", "{dir}" }, "the folder '{dir}/missing' does not exist" },
        { new[] { "pretrain", "--images", "{dir}", "--device", "gpu" }, "--device must be auto, cpu or cuda (got 'gpu')" },
        { new[] { "pretrain", "--images", "{dir}", "--epochs", "0" }, "--epochs must be at least 1 (got 0)" },
        { new[] { "reproduce", "--pretrain", "{dir}", "--methods", "simclr", "--eval", "{dir}", "--out", "{dir}/out", "--checkpoints", "{dir}" }, "reproduce keeps one checkpoint folder" },
        { new[] { "reproduce", "--pretrain", "{dir}", "--methods", "simclr", "--eval", "{dir}", "--out", "{dir}/out" }, "--eval '{dir}': '{dir}' is not a recognisable data set" },
        { new[] { "reproduce", "--pretrain", "{dir}", "--methods", "simclr", "--eval", "{dir}", "--out", "{dir}/out", "--seeds", "1,2", "--seed", "3" }, "--seeds and --seed cannot be used together" },
        { new[] { "reproduce", "--pretrain", "{dir}", "--eval", "{dir}", "--out", "{dir}/out" }, "--methods LIST is required (or --table 1|2|3)" },
        { new[] { "reproduce", "--pretrain", "{dir}", "--methods", "simclr", "--eval", "{dir}", "--out", "{dir}/out", "--linear", "adam" }, "--linear takes sgd, lbfgs or both" },
        { new[] { "segment", "--out", "{dir}", "--merge", "--salvage" }, "--merge and --salvage cannot be used together" },
        { new[] { "segment", "--out", "{dir}", "--merge" }, "holds no shard folders" },
        { new[] { "segment", "--out", "{dir}/store", "--images", "{dir}", "--sam-encoder", "{dir}/e.onnx", "--sam-decoder", "{dir}/d.onnx" }, "--sam-encoder: the file '{dir}/e.onnx' does not exist" },
        { new[] { "segment", "--out", "{dir}/store", "--images", "{dir}", "--shard", "3/2" }, "--shard: Shard '3/2' is invalid" },
        { new[] { "segment", "--out", "{dir}/store" }, "--images PATH is required" },
        { new[] { "visualize", "--image", "{dir}/a.png", "--out", "{dir}/b.png" }, "--image: the file '{dir}/a.png' does not exist" },
        { new[] { "curves", "--from-csv", "{dir}/c.csv", "--epochs", "3" }, "--from-csv only redraws the plot of a CSV; --epochs" },
        { new[] { "soak", "--frames", "100" }, "--frames needs --store" },
        { new[] { "bench", "--only", "nothing" }, "--only 'nothing' names no section" },
        { new[] { "scenes", "--out", "{dir}", "--kind", "street", "--size", "64" }, "--size does not apply to --kind street" },
        { new[] { "export", "--encoder", "{dir}", "--format", "onnx", "--out", "{dir}/w" }, "--format must be safetensors or pytorch (got 'onnx')" },
    };

    [Theory]
    [MemberData(nameof(Clashes))]
    public void OptionsThatDoNotGoTogetherAreRefusedBeforeAnyWork(string[] arguments, string message)
    {
        string Fill(string text) => text.Replace("{dir}", _folder.Path, StringComparison.Ordinal);
        var (code, output, error) = SamplesApp.TryRun(arguments.Select(Fill).ToArray());
        Assert.Equal(2, code);
        Assert.Contains($"samclr {arguments[0]}: ", error);
        Assert.Contains(Fill(message), error);
        Assert.Equal("", output);
    }
}
