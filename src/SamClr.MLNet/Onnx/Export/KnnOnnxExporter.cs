using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Onnx.Graph;

namespace SamClr.MLNet.Onnx.Export;

/// <summary>
/// Writes the vote of <see cref="KnnVoting.Vote"/> as an ONNX graph (opset 17), so ML.NET's ApplyOnnxModel can run
/// a kNN classifier and <c>mlContext.Model.Save</c> can store it. The graph classifies one row, as ApplyOnnxModel
/// feeds it: input the query features [D], named like the model's feature column; outputs <see cref="ScoreOutput"/>
/// [C], the normalised class scores, and <see cref="IndexOutput"/> [1], the int64 class index. Without a batch
/// dimension ML.NET types the scores as Vector&lt;Single, C&gt; (a [1, C] output becomes a two-dimensional vector type);
/// the index keeps one dimension because ApplyOnnxModel cannot read scalar outputs.
/// </summary>
/// <remarks>
/// The graph: the query as a [1, D] row, q / max(||q||, 1e-30) (a zero query stays zero, as in <see cref="KnnVoting.L2Normalize"/>) ->
/// MatMul with the transposed reference matrix (an initializer [D, M], rows already L2-normalised) -> TopK with
/// k = min(K, M), sorted, lower index first on ties -> weights exp((s - s_max) / T) -> Gather of the one-hot label
/// rows [M, C] of the k neighbours, weighted and summed over the neighbours -> divided by their total -> ArgMax
/// (first maximum, the lowest class index on a tie), with the scores reshaped to [C]. A query with non-finite values gives NaN scores.
/// </remarks>
internal static class KnnOnnxExporter
{
    /// <summary>Name of the scores output.</summary>
    public const string ScoreOutput = "Score";

    /// <summary>Name of the predicted-class-index output.</summary>
    public const string IndexOutput = "PredictedClassIndex";

    /// <summary>The ONNX model of a kNN vote over <paramref name="reference"/> (save it with <see cref="OnnxGraphBuilder.Save"/>).</summary>
    public static OnnxGraphBuilder Build(KnnReferenceSet reference, int classCount, int k, float temperature, string inputName)
    {
        int m = reference.Count, d = reference.Dimension;
        var builder = new OnnxGraphBuilder("knn") { DocString = $"k-nearest-neighbours vote (k = {k}, T = {temperature}) over {m} reference rows, {classCount} classes." };
        builder.AddInput(inputName, OnnxElementType.Float, d)
               .AddOutput(ScoreOutput, OnnxElementType.Float, classCount)
               .AddOutput(IndexOutput, OnnxElementType.Int64, 1);

        var transposed = new float[d * m];
        for (int row = 0; row < m; row++)
            for (int j = 0; j < d; j++) transposed[j * m + row] = reference.Features[row * d + j];
        var oneHot = new float[m * classCount];
        for (int row = 0; row < m; row++) oneHot[row * classCount + reference.Labels[row]] = 1f;
        var referenceT = builder.AddInitializer("reference_features_t", transposed, d, m);
        var labels = builder.AddInitializer("reference_one_hot", oneHot, m, classCount);

        var queryRow = builder.Node("Unsqueeze", [inputName, builder.Vector(0L)]);
        var norm = builder.Node("ReduceL2", [queryRow], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        var query = builder.Node("Div", [queryRow, builder.Node("Max", [norm, builder.Scalar(1e-30f)])]);
        var similarity = builder.Node("MatMul", [query, referenceT]);
        var top = builder.Node("TopK", [similarity, builder.Vector((long)Math.Min(k, m))], 2,
            OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("largest", 1), OnnxAttribute.Int("sorted", 1));
        var best = builder.Node("ReduceMax", [top[0]], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 1));
        var weights = builder.Node("Exp", [builder.Node("Div", [builder.Node("Sub", [top[0], best]), builder.Scalar(temperature)])]);
        var neighbourLabels = builder.Node("Gather", [labels, top[1]], OnnxAttribute.Int("axis", 0));
        var weighted = builder.Node("Mul", [neighbourLabels, builder.Node("Unsqueeze", [weights, builder.Vector(2L)])]);
        var sums = builder.Node("ReduceSum", [weighted, builder.Vector(1L)], OnnxAttribute.Int("keepdims", 0));
        var total = builder.Node("ReduceSum", [sums, builder.Vector(1L)], OnnxAttribute.Int("keepdims", 1));
        builder.NodeInto("Reshape", [builder.Node("Div", [sums, total]), builder.Vector((long)classCount)], [ScoreOutput]);
        builder.NodeInto("ArgMax", [ScoreOutput], [IndexOutput], OnnxAttribute.Int("axis", 0), OnnxAttribute.Int("keepdims", 1));
        return builder;
    }
}
