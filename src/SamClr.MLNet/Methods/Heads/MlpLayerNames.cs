namespace SamClr.MLNet.Methods.Heads;

/// <summary>
/// How <see cref="MlpLayers"/> names the layers of a block list. The names end up in state_dicts, which training
/// checkpoints are read by, so each head keeps the names it has always had.
/// </summary>
internal enum MlpLayerNames
{
    /// <summary>"0", "1", "2", ...: every layer numbered in order, as nn.Sequential numbers them (Lightly's projection heads).</summary>
    Numbered,

    /// <summary>
    /// DINO's head: "linear{i}", "bn{i}" and "gelu{i}" (or "relu{i}") for block i, and "bottleneck" for the last block's
    /// linear layer.
    /// </summary>
    Dino,
}
