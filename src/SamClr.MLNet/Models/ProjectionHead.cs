using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Models;

/// <summary>
/// SimCLR's projection head: Linear, BatchNorm, ReLU, Linear, BatchNorm (Lightly's SimCLRProjectionHead
/// with batch norm; 512-512-128 for ResNet-18 in the paper's setup).
/// </summary>
public sealed class ProjectionHead : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Creates the head.</summary>
    /// <param name="inputDimension">Backbone feature size.</param>
    /// <param name="hiddenDimension">Hidden size (Lightly's benchmarks: 512).</param>
    /// <param name="outputDimension">Projection size (Lightly's benchmarks: 128).</param>
    public ProjectionHead(int inputDimension, int hiddenDimension, int outputDimension) : base(nameof(ProjectionHead))
    {
        layers = Sequential(
            ("0", Linear(inputDimension, hiddenDimension, hasBias: false)),
            ("1", BatchNorm1d(hiddenDimension)),
            ("2", ReLU(inplace: true)),
            ("3", Linear(hiddenDimension, outputDimension, hasBias: false)),
            ("4", BatchNorm1d(outputDimension)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor x) => layers.forward(x);
}
