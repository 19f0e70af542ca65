using SamClr.MLNet.Onnx.Graph;

namespace SamClr.MLNet.Onnx.Export;

/// <summary>
/// Writes a linear classifier as an ONNX graph (opset 17) for ML.NET's ApplyOnnxModel, one row at a time as it feeds
/// it: input the features [D] named like the feature column -> Unsqueeze to [1, D] -> Gemm with W [C, D] (transB) and
/// b [C] -> Softmax -> <see cref="ScoreOutput"/> reshaped to [C]; ArgMax (first maximum) -> <see cref="IndexOutput"/> [1], int64.
/// </summary>
internal static class LinearProbeOnnxExporter
{
    /// <summary>Name of the scores output.</summary>
    public const string ScoreOutput = "Score";

    /// <summary>Name of the predicted-class-index output.</summary>
    public const string IndexOutput = "PredictedClassIndex";

    /// <summary>The ONNX model of softmax(W x + b) (save it with <see cref="OnnxGraphBuilder.Save"/>).</summary>
    public static OnnxGraphBuilder Build(float[] weights, float[] bias, int featureDimension, string inputName)
    {
        int classes = bias.Length;
        var builder = new OnnxGraphBuilder("linear_probe") { DocString = $"linear probe: softmax(W x + b), {classes} classes over {featureDimension} features." };
        builder.AddInput(inputName, OnnxElementType.Float, featureDimension)
               .AddOutput(ScoreOutput, OnnxElementType.Float, classes)
               .AddOutput(IndexOutput, OnnxElementType.Int64, 1);
        var w = builder.AddInitializer("probe_weight", weights, classes, featureDimension);
        var b = builder.AddInitializer("probe_bias", bias, classes);
        var row = builder.Node("Unsqueeze", [inputName, builder.Vector(0L)]);
        var logits = builder.Node("Gemm", [row, w, b], OnnxAttribute.Int("transB", 1));
        var probabilities = builder.Node("Softmax", [logits], OnnxAttribute.Int("axis", 1));
        builder.NodeInto("Reshape", [probabilities, builder.Vector((long)classes)], [ScoreOutput]);
        builder.NodeInto("ArgMax", [ScoreOutput], [IndexOutput], OnnxAttribute.Int("axis", 0), OnnxAttribute.Int("keepdims", 1));
        return builder;
    }
}
