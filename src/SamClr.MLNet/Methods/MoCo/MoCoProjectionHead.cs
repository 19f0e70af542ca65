using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Methods;

/// <summary>
/// MoCo v2's projection head: Linear, ReLU, Linear, both linear layers with bias and no batch norm (Lightly's
/// MoCoProjectionHead; "a 2-layer MLP head (hidden layer 2048-d, with ReLU)" in the MoCo v2 report). 512-2048-128 for
/// ResNet-18 in Lightly's benchmarks.
/// </summary>
public sealed class MoCoProjectionHead : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Creates the head.</summary>
    /// <param name="inputDimension">Backbone feature size (512 for ResNet-18).</param>
    /// <param name="hiddenDimension">Hidden size (2048, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    public MoCoProjectionHead(int inputDimension, int hiddenDimension, int outputDimension) : base(nameof(MoCoProjectionHead))
    {
        if (inputDimension < 1) throw new ArgumentOutOfRangeException(nameof(inputDimension), inputDimension, "Must be positive.");
        if (hiddenDimension < 1) throw new ArgumentOutOfRangeException(nameof(hiddenDimension), hiddenDimension, "Must be positive.");
        if (outputDimension < 1) throw new ArgumentOutOfRangeException(nameof(outputDimension), outputDimension, "Must be positive.");
        layers = Sequential(
            ("0", Linear(inputDimension, hiddenDimension)),
            ("1", ReLU(inplace: true)),
            ("2", Linear(hiddenDimension, outputDimension)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => layers.forward(x);
}
