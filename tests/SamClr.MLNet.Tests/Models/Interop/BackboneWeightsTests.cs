using System.Text.Json;
using SamClr.MLNet.Models;
using SamClr.MLNet.Models.Interop;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Models.Interop;

[Collection(SequentialCollection.Name)]
public sealed class BackboneWeightsTests : IDisposable
{
    /// <summary>
    /// torchvision.models.resnet18().state_dict() without fc.weight and fc.bias, in torchvision's order, written out by
    /// hand from its architecture. Count: the stem has conv1 (1) + bn1 (5: weight, bias, running_mean, running_var,
    /// num_batches_tracked) = 6; each of the 8 basic blocks has conv1 + bn1 + conv2 + bn2 = 1 + 5 + 1 + 5 = 12, so 96;
    /// the first blocks of layer2..4 add downsample.0 (1) + downsample.1 (5) = 6 each, so 18. 6 + 96 + 18 = 120 tensors:
    /// 60 parameters (torchvision's 62 less fc's 2) and 60 buffers (20 BatchNorms x 3).
    /// </summary>
    private static readonly string[] TorchvisionResNet18Keys =
    {
        "conv1.weight",
        "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked",
        "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.bn1.running_mean", "layer1.0.bn1.running_var", "layer1.0.bn1.num_batches_tracked",
        "layer1.0.conv2.weight", "layer1.0.bn2.weight", "layer1.0.bn2.bias", "layer1.0.bn2.running_mean", "layer1.0.bn2.running_var", "layer1.0.bn2.num_batches_tracked",
        "layer1.1.conv1.weight", "layer1.1.bn1.weight", "layer1.1.bn1.bias", "layer1.1.bn1.running_mean", "layer1.1.bn1.running_var", "layer1.1.bn1.num_batches_tracked",
        "layer1.1.conv2.weight", "layer1.1.bn2.weight", "layer1.1.bn2.bias", "layer1.1.bn2.running_mean", "layer1.1.bn2.running_var", "layer1.1.bn2.num_batches_tracked",
        "layer2.0.conv1.weight", "layer2.0.bn1.weight", "layer2.0.bn1.bias", "layer2.0.bn1.running_mean", "layer2.0.bn1.running_var", "layer2.0.bn1.num_batches_tracked",
        "layer2.0.conv2.weight", "layer2.0.bn2.weight", "layer2.0.bn2.bias", "layer2.0.bn2.running_mean", "layer2.0.bn2.running_var", "layer2.0.bn2.num_batches_tracked",
        "layer2.0.downsample.0.weight", "layer2.0.downsample.1.weight", "layer2.0.downsample.1.bias", "layer2.0.downsample.1.running_mean", "layer2.0.downsample.1.running_var", "layer2.0.downsample.1.num_batches_tracked",
        "layer2.1.conv1.weight", "layer2.1.bn1.weight", "layer2.1.bn1.bias", "layer2.1.bn1.running_mean", "layer2.1.bn1.running_var", "layer2.1.bn1.num_batches_tracked",
        "layer2.1.conv2.weight", "layer2.1.bn2.weight", "layer2.1.bn2.bias", "layer2.1.bn2.running_mean", "layer2.1.bn2.running_var", "layer2.1.bn2.num_batches_tracked",
        "layer3.0.conv1.weight", "layer3.0.bn1.weight", "layer3.0.bn1.bias", "layer3.0.bn1.running_mean", "layer3.0.bn1.running_var", "layer3.0.bn1.num_batches_tracked",
        "layer3.0.conv2.weight", "layer3.0.bn2.weight", "layer3.0.bn2.bias", "layer3.0.bn2.running_mean", "layer3.0.bn2.running_var", "layer3.0.bn2.num_batches_tracked",
        "layer3.0.downsample.0.weight", "layer3.0.downsample.1.weight", "layer3.0.downsample.1.bias", "layer3.0.downsample.1.running_mean", "layer3.0.downsample.1.running_var", "layer3.0.downsample.1.num_batches_tracked",
        "layer3.1.conv1.weight", "layer3.1.bn1.weight", "layer3.1.bn1.bias", "layer3.1.bn1.running_mean", "layer3.1.bn1.running_var", "layer3.1.bn1.num_batches_tracked",
        "layer3.1.conv2.weight", "layer3.1.bn2.weight", "layer3.1.bn2.bias", "layer3.1.bn2.running_mean", "layer3.1.bn2.running_var", "layer3.1.bn2.num_batches_tracked",
        "layer4.0.conv1.weight", "layer4.0.bn1.weight", "layer4.0.bn1.bias", "layer4.0.bn1.running_mean", "layer4.0.bn1.running_var", "layer4.0.bn1.num_batches_tracked",
        "layer4.0.conv2.weight", "layer4.0.bn2.weight", "layer4.0.bn2.bias", "layer4.0.bn2.running_mean", "layer4.0.bn2.running_var", "layer4.0.bn2.num_batches_tracked",
        "layer4.0.downsample.0.weight", "layer4.0.downsample.1.weight", "layer4.0.downsample.1.bias", "layer4.0.downsample.1.running_mean", "layer4.0.downsample.1.running_var", "layer4.0.downsample.1.num_batches_tracked",
        "layer4.1.conv1.weight", "layer4.1.bn1.weight", "layer4.1.bn1.bias", "layer4.1.bn1.running_mean", "layer4.1.bn1.running_var", "layer4.1.bn1.num_batches_tracked",
        "layer4.1.conv2.weight", "layer4.1.bn2.weight", "layer4.1.bn2.bias", "layer4.1.bn2.running_mean", "layer4.1.bn2.running_var", "layer4.1.bn2.num_batches_tracked",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("samclr-weights-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void HandWrittenListHas120Keys() => Assert.Equal(120, TorchvisionResNet18Keys.Distinct().Count());

    [Fact]
    public void StateDictHoldsExactlyTorchvisionResNet18KeysWithInt64BatchCounters()
    {
        using var net = Backbones.Create("resnet18");
        string path = Path.Combine(_folder, "resnet18.pth");
        BackboneWeights.SaveStateDict(net, path);

        using var scope = NewDisposeScope();
        var table = PyTorchUnpickler.UnpickleStateDict(path);
        var keys = table.Keys.Cast<string>().OrderBy(k => k, StringComparer.Ordinal);
        Assert.Equal(TorchvisionResNet18Keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        var counter = (Tensor)table["layer2.0.downsample.1.num_batches_tracked"]!;
        Assert.Equal(ScalarType.Int64, counter.dtype);
        Assert.Empty(counter.shape);
        var conv = (Tensor)table["conv1.weight"]!;
        Assert.Equal(ScalarType.Float32, conv.dtype);
        Assert.Equal(new long[] { 64, 3, 7, 7 }, conv.shape);
    }

    [Fact]
    public void ClassifierOptionAddsZeroThousandClassFcThatLoadingIgnores()
    {
        using var net = Backbones.Create("resnet18");
        string path = Path.Combine(_folder, "with-fc.pth");
        BackboneWeights.SaveStateDict(net, path, withClassifier: true);

        using (var scope = NewDisposeScope())
        {
            var table = PyTorchUnpickler.UnpickleStateDict(path);
            Assert.Equal(122, table.Count); // 120 backbone tensors + fc.weight + fc.bias, torchvision's full resnet18
            var weight = (Tensor)table["fc.weight"]!;
            var bias = (Tensor)table["fc.bias"]!;
            Assert.Equal(new long[] { 1000, 512 }, weight.shape);
            Assert.Equal(new long[] { 1000 }, bias.shape);
            Assert.Equal(0f, weight.abs().sum().item<float>());
            Assert.Equal(0f, bias.abs().sum().item<float>());
        }

        using var copy = Backbones.Create("resnet18");
        BackboneWeights.LoadStateDict(copy, path);
        AssertSameState(net, copy);
    }

    [Fact]
    public void PyTorchStateDictRoundTripsIncludingBatchNormStatistics()
    {
        using var net = TrainedSmallCnn();
        string path = Path.Combine(_folder, "small.pt");
        BackboneWeights.SaveStateDict(net, path);

        using var copy = new SmallCnn(8);
        BackboneWeights.LoadStateDict(copy, path);
        AssertSameState(net, copy);
        // Two training-mode forward passes counted two batches in every BatchNorm.
        Assert.Equal(2L, copy.state_dict()["features.bn3.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void ResNet18RoundTripsThroughPyTorchFile()
    {
        using var net = Backbones.Create("resnet18");
        string path = Path.Combine(_folder, "resnet18.pt");
        BackboneWeights.SaveStateDict(net, path);
        using var copy = Backbones.Create("resnet18");
        BackboneWeights.LoadInto(copy, path);
        AssertSameState(net, copy);
    }

    [Fact]
    public void SafetensorsRoundTripsWithTheSpecifiedHeader()
    {
        using var net = TrainedSmallCnn();
        string path = Path.Combine(_folder, "small.safetensors");
        BackboneWeights.SaveSafetensors(net, path);

        // Header by hand: 8-byte little-endian length, then JSON {name: {dtype, shape, data_offsets}}.
        // features.bn0.num_batches_tracked is a 0-d int64: dtype "I64", shape [], 8 bytes.
        // features.conv0.weight is float32 [8, 3, 3, 3]: 8 * 3 * 3 * 3 = 216 values = 864 bytes.
        byte[] bytes = File.ReadAllBytes(path);
        long headerLength = BitConverter.ToInt64(bytes, 0);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
        var counter = header.RootElement.GetProperty("features.bn0.num_batches_tracked");
        Assert.Equal("I64", counter.GetProperty("dtype").GetString());
        Assert.Equal(0, counter.GetProperty("shape").GetArrayLength());
        var offsets = counter.GetProperty("data_offsets");
        Assert.Equal(8, offsets[1].GetInt64() - offsets[0].GetInt64());
        var conv = header.RootElement.GetProperty("features.conv0.weight");
        Assert.Equal("F32", conv.GetProperty("dtype").GetString());
        var convOffsets = conv.GetProperty("data_offsets");
        Assert.Equal(864, convOffsets[1].GetInt64() - convOffsets[0].GetInt64());

        using var copy = new SmallCnn(8);
        BackboneWeights.LoadSafetensors(copy, path);
        AssertSameState(net, copy);
        using var detected = new SmallCnn(8);
        BackboneWeights.LoadInto(detected, path);
        AssertSameState(net, detected);
    }

    [Fact]
    public void ShapeMismatchListsTheKeyAndBothShapes()
    {
        using var cifar = Backbones.Create("resnet18-cifar");
        string path = Path.Combine(_folder, "cifar.safetensors");
        BackboneWeights.SaveSafetensors(cifar, path);
        using var imagenet = Backbones.Create("resnet18");

        var error = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadInto(imagenet, path));
        Assert.Contains(path, error.Message);
        Assert.Contains("1 shape mismatches: conv1.weight: file [64, 3, 3, 3], backbone [64, 3, 7, 7].", error.Message);
        Assert.DoesNotContain("missing", error.Message);
    }

    [Fact]
    public void MissingAndUnexpectedKeysAreListedAndTheBackboneIsLeftUnchanged()
    {
        using var source = new SmallCnn(8);
        string path = Path.Combine(_folder, "partial.pt");
        using (var scope = NewDisposeScope())
        {
            var tensors = source.state_dict().Where(p => p.Key is not ("features.conv0.weight" or "features.bn2.running_var"))
                .ToDictionary(p => p.Key, p => p.Value.detach());
            tensors.Add("head.weight", zeros(3));
            WeightFiles.Write(path, tensors, WeightFileFormat.PyTorch);
        }
        using var target = new SmallCnn(8);
        using var before = target.state_dict()["features.conv1.weight"].clone();

        var error = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadStateDict(target, path));
        Assert.Contains("2 missing keys: features.conv0.weight, features.bn2.running_var.", error.Message);
        Assert.Contains("1 unexpected keys: head.weight.", error.Message);
        Assert.True(Same(before, target.state_dict()["features.conv1.weight"]));
    }

    [Fact]
    public void MissingBatchCountersAreTakenAsZeroAsInOldPyTorchCheckpoints()
    {
        using var source = TrainedSmallCnn();
        string path = Path.Combine(_folder, "old.safetensors");
        using (var scope = NewDisposeScope())
        {
            var tensors = source.state_dict().Where(p => !p.Key.EndsWith("num_batches_tracked", StringComparison.Ordinal))
                .ToDictionary(p => p.Key, p => p.Value.detach());
            WeightFiles.Write(path, tensors, WeightFileFormat.Safetensors);
        }
        using var target = TrainedSmallCnn();
        BackboneWeights.LoadInto(target, path);
        Assert.Equal(0L, target.state_dict()["features.bn1.num_batches_tracked"].item<long>());
        Assert.True(Same(source.state_dict()["features.bn1.running_mean"], target.state_dict()["features.bn1.running_mean"]));
    }

    [Fact]
    public void DamagedFilesGiveErrorsThatNameTheFile()
    {
        using var net = new SmallCnn(8);
        string good = Path.Combine(_folder, "good.pt");
        BackboneWeights.SaveStateDict(net, good);
        string truncated = Path.Combine(_folder, "truncated.pt");
        byte[] bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        string goodSafetensors = Path.Combine(_folder, "good.safetensors");
        BackboneWeights.SaveSafetensors(net, goodSafetensors);
        string truncatedSafetensors = Path.Combine(_folder, "truncated.safetensors");
        bytes = File.ReadAllBytes(goodSafetensors);
        File.WriteAllBytes(truncatedSafetensors, bytes[..(bytes.Length - 100)]);
        string text = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(text, "not weights");

        var damaged = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadInto(net, truncated));
        Assert.Contains(truncated, damaged.Message);
        var shortened = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadSafetensors(net, truncatedSafetensors));
        Assert.Contains(truncatedSafetensors, shortened.Message);
        var unknown = Assert.Throws<InvalidDataException>(() => BackboneWeights.LoadInto(net, text));
        Assert.Contains(text, unknown.Message);
        Assert.Throws<FileNotFoundException>(() => BackboneWeights.LoadInto(net, Path.Combine(_folder, "absent.pt")));
    }

    [Fact]
    public void SavingReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        string path = Path.Combine(_folder, "sub", "w.safetensors");
        using var first = new SmallCnn(8);
        BackboneWeights.SaveSafetensors(first, path);
        using var second = TrainedSmallCnn();
        BackboneWeights.SaveSafetensors(second, path);
        Assert.Equal(new[] { "w.safetensors" }, Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        using var copy = new SmallCnn(8);
        BackboneWeights.LoadSafetensors(copy, path);
        AssertSameState(second, copy);
    }

    /// <summary>A SmallCnn(8) whose BatchNorm statistics moved away from their initial 0/1/0 by two training batches.</summary>
    private static SmallCnn TrainedSmallCnn()
    {
        torch.manual_seed(7);
        var net = new SmallCnn(8);
        using var scope = NewDisposeScope();
        net.train();
        net.forward(rand(2, 3, 16, 16));
        net.forward(rand(2, 3, 16, 16));
        return net;
    }

    private static void AssertSameState(Backbone expected, Backbone actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (name, tensor) in a)
        {
            Assert.Equal(tensor.dtype, b[name].dtype);
            Assert.True(Same(tensor, b[name]), $"{name} differs after the round trip.");
        }
    }

    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }
}
