using SamClr.MLNet.Methods.Heads;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Heads;

public class MlpHeadTests
{
    [Fact]
    public void ProjectionHeadMapsToOutputDimension()
    {
        using var head = new MlpHead(MlpPresets.SimClr(256, 512, 128));
        using var x = rand(4, 256);
        using var y = head.forward(x);
        Assert.Equal(new long[] { 4, 128 }, y.shape);
    }

    [Fact]
    public void EveryPresetMapsFeaturesToItsLastBlocksSize()
    {
        foreach (var blocks in new[] { MlpPresets.SimClr(8, 12, 4), MlpPresets.MoCo(8, 12, 4), MlpPresets.SwAV(8, 12, 4), MlpPresets.DinoMlp(8, 12, 4, batchNorm: true) })
        {
            using var head = new MlpHead(blocks);
            using var x = rand(3, 8);
            using var y = head.forward(x);
            Assert.Equal(new long[] { 3, 4 }, y.shape);
        }
    }

    [Fact]
    public void LinearLayersHaveABiasOnlyWithoutBatchNorm()
    {
        using var head = new MlpHead(MlpPresets.SwAV(8, 12, 4));
        Assert.Equal(new[] { "layers.0.weight", "layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias" },
            head.named_parameters().Select(p => p.name));
    }

    [Fact]
    public void RejectsBlocksThatDoNotChain()
    {
        var blocks = new[] { new MlpBlock(8, 12, BatchNorm: false, MlpActivation.ReLU), new MlpBlock(10, 4, BatchNorm: false, MlpActivation.None) };
        Assert.Throws<ArgumentException>(() => new MlpHead(blocks));
        Assert.Throws<ArgumentException>(() => new MlpHead(Array.Empty<MlpBlock>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpHead(MlpPresets.MoCo(8, 0, 4)));
    }
}
