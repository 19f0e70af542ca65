namespace SamClr.MLNet.Methods.Heads;

/// <summary>The block lists of each method's MLP head (Lightly's projection heads; DINO's MLP before its prototypes).</summary>
internal static class MlpPresets
{
    /// <summary>
    /// SimCLR's projection head: Linear, BatchNorm, ReLU, Linear, BatchNorm (Lightly's SimCLRProjectionHead with batch
    /// norm; 512-512-128 for ResNet-18 in the paper's setup).
    /// </summary>
    /// <param name="inputDimension">Backbone feature size.</param>
    /// <param name="hiddenDimension">Hidden size (Lightly's benchmarks: 512).</param>
    /// <param name="outputDimension">Projection size (Lightly's benchmarks: 128).</param>
    public static MlpBlock[] SimClr(int inputDimension, int hiddenDimension, int outputDimension) => new[]
    {
        new MlpBlock(inputDimension, hiddenDimension, BatchNorm: true, MlpActivation.ReLU),
        new MlpBlock(hiddenDimension, outputDimension, BatchNorm: true, MlpActivation.None),
    };

    /// <summary>
    /// MoCo v2's projection head: Linear, ReLU, Linear, both linear layers with bias and no batch norm (Lightly's
    /// MoCoProjectionHead; "a 2-layer MLP head (hidden layer 2048-d, with ReLU)" in the MoCo v2 report). 512-2048-128
    /// for ResNet-18 in Lightly's benchmarks.
    /// </summary>
    /// <param name="inputDimension">Backbone feature size (512 for ResNet-18).</param>
    /// <param name="hiddenDimension">Hidden size (2048, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    public static MlpBlock[] MoCo(int inputDimension, int hiddenDimension, int outputDimension) => new[]
    {
        new MlpBlock(inputDimension, hiddenDimension, BatchNorm: false, MlpActivation.ReLU),
        new MlpBlock(hiddenDimension, outputDimension, BatchNorm: false, MlpActivation.None),
    };

    /// <summary>
    /// SwAV's projection head: Linear (no bias), BatchNorm, ReLU, Linear (with bias), as Lightly's SwaVProjectionHead;
    /// 512-2048-128 for ResNet-18 in Lightly's benchmarks.
    /// </summary>
    /// <param name="inputDimension">Backbone feature size (512 for ResNet-18).</param>
    /// <param name="hiddenDimension">Hidden size (2048, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    public static MlpBlock[] SwAV(int inputDimension, int hiddenDimension, int outputDimension) => new[]
    {
        new MlpBlock(inputDimension, hiddenDimension, BatchNorm: true, MlpActivation.ReLU),
        new MlpBlock(hiddenDimension, outputDimension, BatchNorm: false, MlpActivation.None),
    };

    /// <summary>
    /// The MLP of DINO's head, as Lightly's DINOProjectionHead: Linear, [BatchNorm], GELU, Linear, [BatchNorm], GELU,
    /// Linear to the bottleneck (512-2048-2048-256 with batch norm in Lightly's benchmarks for ResNets).
    /// </summary>
    /// <param name="inputDimension">Backbone feature size (512 for ResNet-18).</param>
    /// <param name="hiddenDimension">Hidden size (Lightly's benchmarks and DINO: 2048).</param>
    /// <param name="bottleneckDimension">Bottleneck size (Lightly and DINO: 256).</param>
    /// <param name="batchNorm">Batch norm after the two hidden layers.</param>
    public static MlpBlock[] DinoMlp(int inputDimension, int hiddenDimension, int bottleneckDimension, bool batchNorm) => new[]
    {
        new MlpBlock(inputDimension, hiddenDimension, batchNorm, MlpActivation.GELU),
        new MlpBlock(hiddenDimension, hiddenDimension, batchNorm, MlpActivation.GELU),
        new MlpBlock(hiddenDimension, bottleneckDimension, BatchNorm: false, MlpActivation.None),
    };
}
