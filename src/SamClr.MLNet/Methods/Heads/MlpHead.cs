using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Methods.Heads;

/// <summary>
/// A projection head made of a list of blocks (Linear, optional BatchNorm, optional activation), as Lightly's
/// ProjectionHead; <see cref="MlpPresets"/> holds each method's list. Its layers are numbered "layers.0", "layers.1",
/// ... in the state_dict, as nn.Sequential numbers them.
/// </summary>
internal sealed class MlpHead : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <summary>Creates the head; each linear layer draws its initial weights from libtorch's generator, block by block.</summary>
    /// <param name="blocks">The blocks in order, each taking the previous block's output size (e.g. <see cref="MlpPresets.SimClr"/>).</param>
    public MlpHead(IReadOnlyList<MlpBlock> blocks) : base(nameof(MlpHead))
    {
        layers = MlpLayers.Build(blocks, MlpLayerNames.Numbered);
        RegisterComponents();
    }

    /// <summary>Maps features [B, input] to projections [B, output].</summary>
    public override Tensor forward(Tensor x) => layers.forward(x);
}
