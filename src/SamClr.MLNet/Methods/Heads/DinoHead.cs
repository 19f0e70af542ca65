using SamClr.MLNet.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Methods.Heads;

/// <summary>
/// DINO's projection head (Caron et al., 2021), laid out as Lightly's <c>DINOProjectionHead</c>: a three-layer MLP
/// (<see cref="MlpPresets.DinoMlp"/>: Linear, [BatchNorm], GELU, Linear, [BatchNorm], GELU, Linear to the bottleneck),
/// L2 normalisation, then a weight-normalised linear layer without bias onto the prototypes whose norm is fixed at 1
/// (Lightly's norm_last_layer = true): output k is the cosine between the bottleneck vector and prototype k. The MLP's
/// layers keep DINO's names (<c>mlp.linear0</c>, <c>mlp.bn0</c>, ..., <c>mlp.bottleneck</c>) and the prototypes are a
/// parameter of the head itself (<c>prototypes</c>), the names its checkpoints hold.
/// The paper's setup (Lightly's benchmarks) is 512-2048-256-2048 with batch norm.
/// </summary>
internal sealed class DinoHead : Module<Tensor, Tensor>, ISeededInitialization
{
    private readonly Sequential mlp;
    private readonly Parameter prototypes;

    /// <summary>Creates the head.</summary>
    /// <param name="inputDimension">Backbone feature size (512 for ResNet-18).</param>
    /// <param name="hiddenDimension">Hidden size of the MLP (Lightly's benchmarks and DINO: 2048).</param>
    /// <param name="bottleneckDimension">Size of the L2-normalised bottleneck (Lightly and DINO: 256).</param>
    /// <param name="outputDimension">Number of prototypes (Lightly's benchmarks: 2048; DINO's ImageNet runs: 65536).</param>
    /// <param name="batchNorm">Batch norm after the two hidden layers (Lightly's benchmarks: true for ResNets).</param>
    public DinoHead(int inputDimension, int hiddenDimension, int bottleneckDimension, int outputDimension, bool batchNorm = true)
        : base(nameof(DinoHead))
    {
        Positive(inputDimension, nameof(inputDimension));
        Positive(hiddenDimension, nameof(hiddenDimension));
        Positive(bottleneckDimension, nameof(bottleneckDimension));
        Positive(outputDimension, nameof(outputDimension));
        mlp = MlpLayers.Build(MlpPresets.DinoMlp(inputDimension, hiddenDimension, bottleneckDimension, batchNorm), MlpLayerNames.Dino);
        prototypes = Parameter(empty(outputDimension, bottleneckDimension));
        RegisterComponents();
        Initialize(null);
        OutputDimension = outputDimension;
    }

    /// <summary>
    /// While true, <see cref="forward"/> uses the prototypes without a gradient, so the optimiser leaves them as they are
    /// (the official DINO code's last-layer freeze, which clears their gradients).
    /// </summary>
    internal bool FreezePrototypes { get; set; }

    /// <summary>Number of prototypes, the length of each output row.</summary>
    public int OutputDimension { get; }

    /// <summary>Maps features [B, input] to prototype scores [B, <see cref="OutputDimension"/>], each in [-1, 1].</summary>
    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var z = functional.normalize(mlp.forward(features), p: 2, dim: 1);
        var w = functional.normalize(FreezePrototypes ? prototypes.detach() : prototypes, p: 2, dim: 1);
        return z.matmul(w.t()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// MLP weights from a normal distribution with std 0.02 truncated at ±2 and zero biases (the official DINO code);
    /// prototypes uniform in ±1/sqrt(bottleneck), PyTorch's default for a linear layer (only their direction matters).
    /// </summary>
    private void Initialize(Generator? generator)
    {
        using var noGrad = no_grad();
        foreach (var module in mlp.modules())
        {
            if (module is not Linear linear) continue;
            ModelInitialization.TruncatedNormal(linear.weight!, mean: 0, std: 0.02, a: -2, b: 2, generator);
            if (linear.bias is not null) init.zeros_(linear.bias);
        }
        double bound = 1 / Math.Sqrt(prototypes.shape[1]);
        prototypes.uniform_(-bound, bound, generator); // nn.init.uniform_ ignores its generator in TorchSharp 0.107.
    }

    /// <summary>The same initialisation, drawn from <paramref name="generator"/>.</summary>
    void ISeededInitialization.Initialize(Generator generator) => Initialize(generator);

    private static void Positive(int value, string name)
    {
        if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{nameof(DinoHead)}: {name} must be positive.");
    }
}
