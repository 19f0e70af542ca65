namespace SamClr.MLNet.Methods.Heads;

/// <summary>
/// One block of an MLP head, as Lightly's heads list them: a linear layer, then an optional batch norm, then an optional
/// activation. The linear layer has a bias exactly when no batch norm follows it (the batch norm's shift replaces it),
/// Lightly's rule, which every head here follows.
/// </summary>
/// <param name="InputDimension">Input size of the linear layer.</param>
/// <param name="OutputDimension">Output size of the linear layer, and of the block.</param>
/// <param name="BatchNorm">Batch norm after the linear layer.</param>
/// <param name="Activation">Activation at the end of the block.</param>
internal sealed record MlpBlock(int InputDimension, int OutputDimension, bool BatchNorm, MlpActivation Activation)
{
    /// <summary>Whether the linear layer has a bias: only when no batch norm follows.</summary>
    public bool LinearBias => !BatchNorm;
}
