using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Methods;

/// <summary>
/// SwAV's projection head: Linear (no bias), BatchNorm, ReLU, Linear (with bias), as Lightly's SwaVProjectionHead;
/// 512-2048-128 for ResNet-18 in Lightly's benchmarks.
/// </summary>
public sealed class SwAVProjectionHead : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Creates the head.</summary>
    /// <param name="inputDimension">Backbone feature size (512 for ResNet-18).</param>
    /// <param name="hiddenDimension">Hidden size (2048, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    public SwAVProjectionHead(int inputDimension, int hiddenDimension, int outputDimension) : base(nameof(SwAVProjectionHead))
    {
        if (inputDimension < 1) throw new ArgumentOutOfRangeException(nameof(inputDimension), inputDimension, "Must be positive.");
        if (hiddenDimension < 1) throw new ArgumentOutOfRangeException(nameof(hiddenDimension), hiddenDimension, "Must be positive.");
        if (outputDimension < 1) throw new ArgumentOutOfRangeException(nameof(outputDimension), outputDimension, "Must be positive.");
        layers = Sequential(
            ("0", Linear(inputDimension, hiddenDimension, hasBias: false)),
            ("1", BatchNorm1d(hiddenDimension)),
            ("2", ReLU(inplace: true)),
            ("3", Linear(hiddenDimension, outputDimension)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => layers.forward(x);
}
