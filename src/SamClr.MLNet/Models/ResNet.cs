using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Models;

/// <summary>
/// ResNet (He et al., 2016) without its classifier, returning globally average-pooled features.
/// Parameter names follow torchvision (conv1, bn1, layer1.0.conv1, ..., downsample.0) so weights
/// can be exchanged with PyTorch. The CIFAR stem replaces the 7x7/2 convolution and max-pool with a
/// 3x3/1 convolution, the usual choice for 32-96 px images.
/// </summary>
internal sealed class ResNet : Backbone
{
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly MaxPool2d? maxpool;
    private readonly Sequential layer1;
    private readonly Sequential layer2;
    private readonly Sequential layer3;
    private readonly Sequential layer4;
    private readonly int _featureDimension;
    private readonly string _architectureName;

    /// <summary>Creates a ResNet.</summary>
    /// <param name="depth">18, 34 or 50.</param>
    /// <param name="cifarStem">True for the 3x3 stem without max-pool (small images).</param>
    public ResNet(int depth, bool cifarStem) : base($"resnet{depth}")
    {
        (int[] blocks, bool bottleneck) = depth switch
        {
            18 => (new[] { 2, 2, 2, 2 }, false),
            34 => (new[] { 3, 4, 6, 3 }, false),
            50 => (new[] { 3, 4, 6, 3 }, true),
            _ => throw new ArgumentOutOfRangeException(nameof(depth), depth, "ResNet depth must be 18, 34 or 50."),
        };
        int expansion = bottleneck ? Bottleneck.Expansion : BasicBlock.Expansion;
        conv1 = cifarStem ? Conv2d(3, 64, 3, stride: 1, padding: 1, bias: false) : Conv2d(3, 64, 7, stride: 2, padding: 3, bias: false);
        bn1 = BatchNorm2d(64);
        maxpool = cifarStem ? null : MaxPool2d(3, stride: 2, padding: 1);
        int inChannels = 64;
        layer1 = MakeLayer(ref inChannels, 64, blocks[0], 1, bottleneck, expansion);
        layer2 = MakeLayer(ref inChannels, 128, blocks[1], 2, bottleneck, expansion);
        layer3 = MakeLayer(ref inChannels, 256, blocks[2], 2, bottleneck, expansion);
        layer4 = MakeLayer(ref inChannels, 512, blocks[3], 2, bottleneck, expansion);
        _featureDimension = inChannels;
        _architectureName = cifarStem ? $"resnet{depth}-cifar" : $"resnet{depth}";
        RegisterComponents();
        ModelInitialization.KaimingNormal(this);
    }

    /// <inheritdoc />
    public override int FeatureDimension => _featureDimension;

    /// <inheritdoc />
    public override string ArchitectureName => _architectureName;

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn1.forward(conv1.forward(x)));
        if (maxpool is not null) y = maxpool.forward(y);
        y = layer4.forward(layer3.forward(layer2.forward(layer1.forward(y))));
        return y.mean(new long[] { 2, 3 }).MoveToOuterDisposeScope();
    }

    private static Sequential MakeLayer(ref int inChannels, int channels, int count, int stride, bool bottleneck, int expansion)
    {
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 0; i < count; i++)
        {
            int s = i == 0 ? stride : 1;
            Module<Tensor, Tensor> block = bottleneck ? new Bottleneck(inChannels, channels, s) : new BasicBlock(inChannels, channels, s);
            blocks.Add((i.ToString(System.Globalization.CultureInfo.InvariantCulture), block));
            inChannels = channels * expansion;
        }
        return Sequential(blocks);
    }
}
