using SamClr.MLNet.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Models;

/// <summary>ResNet's two-convolution residual block (ResNet-18/34). Field names follow torchvision.</summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>
{
    public const int Expansion = 1;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Sequential? downsample;

    public BasicBlock(int inChannels, int channels, int stride) : base(nameof(BasicBlock))
    {
        conv1 = Conv2d(inChannels, channels, 3, stride: stride, padding: 1, bias: false);
        bn1 = BatchNorm2d(channels);
        conv2 = Conv2d(channels, channels, 3, padding: 1, bias: false);
        bn2 = BatchNorm2d(channels);
        downsample = ResNetBlocks.Shortcut(inChannels, channels * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn1.forward(conv1.forward(x)));
        y = bn2.forward(conv2.forward(y));
        var identity = downsample is null ? x : downsample.forward(x);
        return functional.relu(y.add_(identity, Scalars.One)).MoveToOuterDisposeScope();
    }
}

/// <summary>ResNet's 1x1-3x3-1x1 bottleneck block (ResNet-50), stride on the 3x3 convolution as torchvision does.</summary>
internal sealed class Bottleneck : Module<Tensor, Tensor>
{
    public const int Expansion = 4;
    private readonly Conv2d conv1;
    private readonly BatchNorm2d bn1;
    private readonly Conv2d conv2;
    private readonly BatchNorm2d bn2;
    private readonly Conv2d conv3;
    private readonly BatchNorm2d bn3;
    private readonly Sequential? downsample;

    public Bottleneck(int inChannels, int channels, int stride) : base(nameof(Bottleneck))
    {
        conv1 = Conv2d(inChannels, channels, 1, bias: false);
        bn1 = BatchNorm2d(channels);
        conv2 = Conv2d(channels, channels, 3, stride: stride, padding: 1, bias: false);
        bn2 = BatchNorm2d(channels);
        conv3 = Conv2d(channels, channels * Expansion, 1, bias: false);
        bn3 = BatchNorm2d(channels * Expansion);
        downsample = ResNetBlocks.Shortcut(inChannels, channels * Expansion, stride);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = functional.relu(bn1.forward(conv1.forward(x)));
        y = functional.relu(bn2.forward(conv2.forward(y)));
        y = bn3.forward(conv3.forward(y));
        var identity = downsample is null ? x : downsample.forward(x);
        return functional.relu(y.add_(identity, Scalars.One)).MoveToOuterDisposeScope();
    }
}

internal static class ResNetBlocks
{
    /// <summary>The projection shortcut (1x1 convolution + BN, named "0" and "1" as in torchvision), or null for identity.</summary>
    public static Sequential? Shortcut(int inChannels, int outChannels, int stride) =>
        stride == 1 && inChannels == outChannels
            ? null
            : Sequential(("0", Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)), ("1", BatchNorm2d(outChannels)));
}
