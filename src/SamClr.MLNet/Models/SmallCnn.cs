using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Models;

/// <summary>
/// A four-stage convolutional encoder (32-64-128-256 channels, 3x3 convolutions, BN, ReLU, 2x2
/// max-pool after the first three stages, global average pooling): about 0.39M parameters, the
/// size at which SAMCLR beats random init within a few minutes of CPU pre-training in this project's demo
/// (README, docs/REPRODUCING.md).
/// Meant for CPU demos and tests on 32-96 px views.
/// </summary>
internal sealed class SmallCnn : Backbone
{
    private readonly Sequential features;

    /// <summary>Creates the network.</summary>
    /// <param name="width">Channels of the first stage (default 32); later stages double it.</param>
    public SmallCnn(int width = 32) : base("small-cnn")
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Width must be positive.");
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int inChannels = 3;
        for (int stage = 0; stage < 4; stage++)
        {
            int outChannels = width << stage;
            layers.Add(($"conv{stage}", Conv2d(inChannels, outChannels, 3, padding: 1, bias: false)));
            layers.Add(($"bn{stage}", BatchNorm2d(outChannels)));
            layers.Add(($"relu{stage}", ReLU(inplace: true)));
            if (stage < 3) layers.Add(($"pool{stage}", MaxPool2d(2)));
            inChannels = outChannels;
        }
        features = Sequential(layers);
        FeatureDimension = inChannels;
        RegisterComponents();
        ModelInitialization.KaimingNormal(this);
    }

    /// <inheritdoc />
    public override int FeatureDimension { get; }

    /// <inheritdoc />
    public override string ArchitectureName => "small-cnn";

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return features.forward(x).mean(new long[] { 2, 3 }).MoveToOuterDisposeScope();
    }
}
