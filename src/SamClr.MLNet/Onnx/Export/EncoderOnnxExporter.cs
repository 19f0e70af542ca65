using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Onnx.Graph;

namespace SamClr.MLNet.Onnx.Export;

/// <summary>
/// Exports a backbone in evaluation mode as an ONNX model (opset 17) that ONNX Runtime, and so ML.NET's
/// <c>ApplyOnnxModel</c>, can run: input <see cref="InputName"/>, float [N, 3, inputSize, inputSize], planar RGB in
/// [0, 1]; output <see cref="OutputName"/>, float [N, D] with D = <see cref="Backbone.FeatureDimension"/>. N is a
/// symbolic (dynamic) dimension named <see cref="BatchDimensionName"/>. The graph subtracts the mean and divides by the
/// standard deviation of the normalisation itself (Sub and Div with [1, 3, 1, 1] initializers), then runs Conv (batch
/// normalisation folded into the weights, see <see cref="BatchNormFolding"/>), Relu, MaxPool, Add, GlobalAveragePool
/// and Flatten.
/// </summary>
/// <remarks>
/// TorchSharp has no ONNX exporter, so the graph is written from the known module structure of <see cref="ResNet"/>
/// (ResNet-18/34/50, ImageNet and CIFAR stems) and <see cref="SmallCnn"/>. The exported model computes what the
/// backbone computes in evaluation mode (BN with its running statistics), whatever mode the module is in.
/// </remarks>
internal static class EncoderOnnxExporter
{
    /// <summary>Name of the graph input: "image".</summary>
    public const string InputName = "image";

    /// <summary>Name of the graph output: "features".</summary>
    public const string OutputName = "features";

    /// <summary>Name of the symbolic batch dimension: "batch".</summary>
    public const string BatchDimensionName = "batch";

    /// <summary>Writes the ONNX model of <paramref name="backbone"/> to <paramref name="path"/> (temporary file, then rename).</summary>
    /// <param name="backbone">The backbone to export (its parameters and BN running statistics).</param>
    /// <param name="inputSize">Side of the square input in pixels, as in <see cref="ImageEncoder.InputSize"/>.</param>
    /// <param name="normalization">The normalisation applied to [0, 1] pixels before the backbone.</param>
    /// <param name="path">The .onnx file to write; its directory is created.</param>
    /// <exception cref="NotSupportedException">The backbone or one of its modules is of a type the exporter does not know; the message names it.</exception>
    public static void Export(Backbone backbone, int inputSize, PixelNormalization normalization, string path) =>
        Build(backbone, inputSize, normalization).Save(path);

    /// <summary>Returns the ONNX model of <paramref name="backbone"/> as the bytes of an .onnx file.</summary>
    /// <param name="backbone">The backbone to export (its parameters and BN running statistics).</param>
    /// <param name="inputSize">Side of the square input in pixels, as in <see cref="ImageEncoder.InputSize"/>.</param>
    /// <param name="normalization">The normalisation applied to [0, 1] pixels before the backbone.</param>
    /// <exception cref="NotSupportedException">The backbone or one of its modules is of a type the exporter does not know; the message names it.</exception>
    public static byte[] Export(Backbone backbone, int inputSize, PixelNormalization normalization) =>
        Build(backbone, inputSize, normalization).ToBytes();

    private static OnnxGraphBuilder Build(Backbone backbone, int inputSize, PixelNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(normalization);
        if (inputSize <= 0) throw new ArgumentOutOfRangeException(nameof(inputSize), inputSize, "Input size must be positive.");
        if (normalization.Mean.Length != 3 || normalization.Std.Length != 3)
            throw new ArgumentException("The normalisation needs three means and three standard deviations (red, green, blue).", nameof(normalization));

        var builder = new OnnxGraphBuilder(backbone.ArchitectureName)
        {
            DocString = $"{backbone.ArchitectureName} encoder exported by SamClr.MLNet: {InputName} [N,3,{inputSize},{inputSize}] RGB in [0,1] -> {OutputName} [N,{backbone.FeatureDimension}].",
        };
        builder.AddMetadata("architecture", backbone.ArchitectureName)
               .AddMetadata("input_size", inputSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.AddInput(InputName, OnnxElementType.Float, BatchDimensionName, 3, inputSize, inputSize)
               .AddOutput(OutputName, OnnxElementType.Float, BatchDimensionName, backbone.FeatureDimension);
        var mean = builder.AddInitializer("normalization.mean", normalization.Mean, 1, 3, 1, 1);
        var std = builder.AddInitializer("normalization.std", normalization.Std, 1, 3, 1, 1);
        var normalized = builder.Node("Div", [builder.Node("Sub", [InputName, mean]), std]);
        var pooled = new BackboneGraphWriter(builder).Write(backbone, normalized);
        builder.NodeInto("Flatten", [pooled], [OutputName], OnnxAttribute.Int("axis", 1));
        return builder;
    }
}
