using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Methods.Heads;

/// <summary>
/// Every method's state_dict (names, shapes and order) as the code produced it before the projection heads became one
/// block-list MLP: training checkpoints are read by these names in this order, so they must not change. Each method
/// runs on a <see cref="SmallCnn"/> of width 8; an entry "prefix: parameters" (or "buffers") stands for that
/// backbone's own entries under the prefix, which the backbone tests pin.
/// </summary>
public class MethodStateDictTests
{
    private static MultiCropOptions Crops() => new()
    {
        GlobalSize = 16, LocalSize = 8, LocalViewCount = 2,
        Augmentation = new ViewAugmentationOptions { ColorJitterStrength = 0.2, GrayscaleProbability = 0 },
    };

    private static DinoOptions Dino(bool batchNorm) => new()
    {
        Backbone = "small-cnn", ViewSize = 16, MultiCrop = Crops(),
        HeadHiddenDimension = 32, HeadBottleneckDimension = 16, HeadOutputDimension = 64, HeadBatchNorm = batchNorm,
    };

    private static readonly string[] SimClrProjection =
    {
        "backbone: parameters",
        "projection.layers.0.weight [32, 64]",
        "projection.layers.1.weight [32]",
        "projection.layers.1.bias [32]",
        "projection.layers.3.weight [16, 32]",
        "projection.layers.4.weight [16]",
        "projection.layers.4.bias [16]",
        "backbone: buffers",
        "projection.layers.1.running_mean [32]",
        "projection.layers.1.running_var [32]",
        "projection.layers.1.num_batches_tracked []",
        "projection.layers.4.running_mean [16]",
        "projection.layers.4.running_var [16]",
        "projection.layers.4.num_batches_tracked []",
        "<Backbone>k__BackingField: parameters",
        "<Backbone>k__BackingField: buffers",
    };

    [Fact]
    public void SimClr() =>
        AssertLayout(SimClrProjection, new SimClrMethod(new SmallCnn(8), ViewAugmentationOptions.SimClr(16), 0.5, 32, 16));

    [Fact]
    public void MultiCropSimClr() =>
        AssertLayout(SimClrProjection, new MultiCropSimClrMethod(new SmallCnn(8), Crops(), 0.5, 32, 16));

    [Fact]
    public void MoCo() => AssertLayout(new[]
    {
        "backbone: parameters",
        "projection.layers.0.weight [48, 64]",
        "projection.layers.0.bias [48]",
        "projection.layers.2.weight [16, 48]",
        "projection.layers.2.bias [16]",
        "momentum_backbone: parameters",
        "momentum_projection.layers.0.weight [48, 64]",
        "momentum_projection.layers.0.bias [48]",
        "momentum_projection.layers.2.weight [16, 48]",
        "momentum_projection.layers.2.bias [16]",
        "backbone: buffers",
        "momentum_backbone: buffers",
        "memory_bank.queue [20, 16]",
        "<Backbone>k__BackingField: parameters",
        "<Backbone>k__BackingField: buffers",
    }, new MoCoMethod(new SmallCnn(8), new SmallCnn(8), ViewAugmentationOptions.SimClr(16), MomentumSchedule.Constant(), memoryBankSize: 20,
        hiddenDimension: 48, outputDimension: 16));

    [Fact]
    public void SwAV() => AssertLayout(new[]
    {
        "backbone: parameters",
        "projection.layers.0.weight [40, 64]",
        "projection.layers.1.weight [40]",
        "projection.layers.1.bias [40]",
        "projection.layers.3.weight [16, 40]",
        "projection.layers.3.bias [16]",
        "prototypes.prototypes.weight [24, 16]",
        "backbone: buffers",
        "projection.layers.1.running_mean [40]",
        "projection.layers.1.running_var [40]",
        "projection.layers.1.num_batches_tracked []",
        "<Backbone>k__BackingField: parameters",
        "<Backbone>k__BackingField: buffers",
    }, new SwAVMethod(new SmallCnn(8), ViewAugmentationOptions.SimClr(16), ViewAugmentationOptions.SimClr(8), prototypeCount: 24,
        hiddenDimension: 40, outputDimension: 16));

    [Fact]
    public void DinoWithBatchNorm() => AssertLayout(new[]
    {
        "backbone: parameters",
        "head.prototypes [64, 16]",
        "head.mlp.linear0.weight [32, 64]",
        "head.mlp.bn0.weight [32]",
        "head.mlp.bn0.bias [32]",
        "head.mlp.linear1.weight [32, 32]",
        "head.mlp.bn1.weight [32]",
        "head.mlp.bn1.bias [32]",
        "head.mlp.bottleneck.weight [16, 32]",
        "head.mlp.bottleneck.bias [16]",
        "teacherBackbone: parameters",
        "teacherHead.prototypes [64, 16]",
        "teacherHead.mlp.linear0.weight [32, 64]",
        "teacherHead.mlp.bn0.weight [32]",
        "teacherHead.mlp.bn0.bias [32]",
        "teacherHead.mlp.linear1.weight [32, 32]",
        "teacherHead.mlp.bn1.weight [32]",
        "teacherHead.mlp.bn1.bias [32]",
        "teacherHead.mlp.bottleneck.weight [16, 32]",
        "teacherHead.mlp.bottleneck.bias [16]",
        "backbone: buffers",
        "head.mlp.bn0.running_mean [32]",
        "head.mlp.bn0.running_var [32]",
        "head.mlp.bn0.num_batches_tracked []",
        "head.mlp.bn1.running_mean [32]",
        "head.mlp.bn1.running_var [32]",
        "head.mlp.bn1.num_batches_tracked []",
        "teacherBackbone: buffers",
        "teacherHead.mlp.bn0.running_mean [32]",
        "teacherHead.mlp.bn0.running_var [32]",
        "teacherHead.mlp.bn0.num_batches_tracked []",
        "teacherHead.mlp.bn1.running_mean [32]",
        "teacherHead.mlp.bn1.running_var [32]",
        "teacherHead.mlp.bn1.num_batches_tracked []",
        "loss.center [1, 64]",
        "<Backbone>k__BackingField: parameters",
        "<Backbone>k__BackingField: buffers",
    }, new DinoMethod(new SmallCnn(8), new SmallCnn(8), Dino(batchNorm: true).ToSettings()));

    [Fact]
    public void DinoWithoutBatchNorm() => AssertLayout(new[]
    {
        "backbone: parameters",
        "head.prototypes [64, 16]",
        "head.mlp.linear0.weight [32, 64]",
        "head.mlp.linear0.bias [32]",
        "head.mlp.linear1.weight [32, 32]",
        "head.mlp.linear1.bias [32]",
        "head.mlp.bottleneck.weight [16, 32]",
        "head.mlp.bottleneck.bias [16]",
        "teacherBackbone: parameters",
        "teacherHead.prototypes [64, 16]",
        "teacherHead.mlp.linear0.weight [32, 64]",
        "teacherHead.mlp.linear0.bias [32]",
        "teacherHead.mlp.linear1.weight [32, 32]",
        "teacherHead.mlp.linear1.bias [32]",
        "teacherHead.mlp.bottleneck.weight [16, 32]",
        "teacherHead.mlp.bottleneck.bias [16]",
        "backbone: buffers",
        "teacherBackbone: buffers",
        "loss.center [1, 64]",
        "<Backbone>k__BackingField: parameters",
        "<Backbone>k__BackingField: buffers",
    }, new DinoMethod(new SmallCnn(8), new SmallCnn(8), Dino(batchNorm: false).ToSettings()));

    /// <summary>Asserts <paramref name="method"/>'s state_dict entries, in order, and disposes it.</summary>
    private static void AssertLayout(string[] expected, SelfSupervisedMethod method)
    {
        using (method)
            Assert.Equal(Expand(expected), method.state_dict().Select(entry => Entry(entry.Key, entry.Value.shape)).ToArray());
    }

    /// <summary>Replaces every "prefix: parameters" or "prefix: buffers" line with a width-8 SmallCnn's entries under that prefix.</summary>
    private static string[] Expand(string[] expected)
    {
        using var backbone = new SmallCnn(8);
        var parameters = backbone.named_parameters().Select(p => Entry(p.name, p.parameter.shape)).ToArray();
        var buffers = backbone.state_dict().Where(entry => !backbone.named_parameters().Any(p => p.name == entry.Key))
            .Select(entry => Entry(entry.Key, entry.Value.shape)).ToArray();
        return expected.SelectMany(line =>
        {
            var (prefix, kind) = line.Split(": ") is [var p, var k] ? (p, k) : (null, null);
            return kind switch
            {
                "parameters" => parameters.Select(entry => $"{prefix}.{entry}"),
                "buffers" => buffers.Select(entry => $"{prefix}.{entry}"),
                _ => new[] { line },
            };
        }).ToArray();
    }

    private static string Entry(string name, long[] shape) => $"{name} [{string.Join(", ", shape)}]";
}
