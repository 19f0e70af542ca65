using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Methods.Heads;

/// <summary>Turns a list of <see cref="MlpBlock"/>s into the layers of one nn.Sequential.</summary>
internal static class MlpLayers
{
    /// <summary>
    /// The layers of <paramref name="blocks"/> in order, named by <paramref name="names"/>. The linear layers draw their
    /// initial weights from libtorch's generator as they are created, in this order.
    /// </summary>
    /// <exception cref="ArgumentException">The list is empty, or a block's input size is not the previous block's output size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A block has a size below 1.</exception>
    public static Sequential Build(IReadOnlyList<MlpBlock> blocks, MlpLayerNames names)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0) throw new ArgumentException("An MLP head needs at least one block.", nameof(blocks));
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            Check(block, i, i == 0 ? null : blocks[i - 1]);
            bool last = i == blocks.Count - 1;
            layers.Add((Name(names, layers.Count, last ? "bottleneck" : $"linear{i}"),
                Linear(block.InputDimension, block.OutputDimension, hasBias: block.LinearBias)));
            if (block.BatchNorm) layers.Add((Name(names, layers.Count, $"bn{i}"), BatchNorm1d(block.OutputDimension)));
            if (block.Activation != MlpActivation.None)
                layers.Add((Name(names, layers.Count, $"{block.Activation.ToString().ToLowerInvariant()}{i}"), Activation(block.Activation)));
        }
        return Sequential(layers);
    }

    private static string Name(MlpLayerNames names, int index, string dinoName) => names == MlpLayerNames.Numbered ? $"{index}" : dinoName;

    private static Module<Tensor, Tensor> Activation(MlpActivation activation) => activation switch
    {
        MlpActivation.ReLU => ReLU(inplace: true),
        MlpActivation.GELU => GELU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    private static void Check(MlpBlock block, int index, MlpBlock? previous)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.InputDimension < 1)
            throw new ArgumentOutOfRangeException(nameof(block), block.InputDimension, $"Block {index}: the input size must be positive.");
        if (block.OutputDimension < 1)
            throw new ArgumentOutOfRangeException(nameof(block), block.OutputDimension, $"Block {index}: the output size must be positive.");
        if (previous is not null && block.InputDimension != previous.OutputDimension)
            throw new ArgumentException($"Block {index} takes {block.InputDimension} inputs but block {index - 1} gives {previous.OutputDimension}.", nameof(block));
    }
}
