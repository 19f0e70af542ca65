namespace SamClr.MLNet.Methods.Heads;

/// <summary>The activation that ends a block of an MLP head (<see cref="MlpBlock"/>).</summary>
internal enum MlpActivation
{
    /// <summary>No activation: the block ends with its linear layer or batch norm (a head's output block).</summary>
    None,

    /// <summary>ReLU, applied in place (SimCLR's, MoCo's and SwAV's hidden blocks).</summary>
    ReLU,

    /// <summary>GELU (DINO's hidden blocks).</summary>
    GELU,
}
