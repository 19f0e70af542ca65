using System.Globalization;
using Microsoft.ML;

namespace SamClr.MLNet.Onnx.Pipelines;

/// <summary>
/// The tail every exported classifier shares: ApplyOnnxModel writing the scores and a one-slot class index, then
/// MapValue from the index to the class name and MapValueToKey to "PredictedLabel" (keys whose key values are the
/// class names in class order), so MulticlassClassification.Evaluate and MapKeyToValue work on the result.
/// </summary>
internal static class PredictedLabelMapping
{
    /// <summary>The chain that runs <paramref name="onnxPath"/> on <paramref name="featureColumnName"/>.</summary>
    /// <param name="ml">The context whose GPU settings ApplyOnnxModel uses.</param>
    /// <param name="onnxPath">A graph with outputs <paramref name="scoreOutput"/> [C] and <paramref name="indexOutput"/> [1] (int64).</param>
    /// <param name="featureColumnName">The graph's input, a feature column.</param>
    /// <param name="scoreOutput">The score output, kept as a column.</param>
    /// <param name="indexOutput">The class-index output, dropped once mapped.</param>
    /// <param name="predictedLabelColumnName">The key column to write.</param>
    /// <param name="classNames">The class names, or null for the class indices as text.</param>
    /// <param name="classCount">The number of classes.</param>
    public static IEstimator<ITransformer> Create(MLContext ml, string onnxPath, string featureColumnName, string scoreOutput, string indexOutput,
        string predictedLabelColumnName, IReadOnlyList<string>? classNames, int classCount)
    {
        var names = classNames ?? Enumerable.Range(0, classCount).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        var classes = names.Select((name, index) => new KeyValuePair<long, string>(index, name));
        var keyData = ml.Data.LoadFromEnumerable(names.Select(name => new ClassName { Name = name }));
        string predictedName = predictedLabelColumnName + ".Name";
        return ml.Transforms.ApplyOnnxModel([scoreOutput, indexOutput], [featureColumnName], onnxPath, ml.GpuDeviceId, ml.FallbackToCpu)
            .Append(ml.Transforms.Conversion.MapValue(predictedName, classes, indexOutput))
            .Append(ml.Transforms.Conversion.MapValueToKey(predictedLabelColumnName, predictedName, keyData: keyData))
            .Append(ml.Transforms.DropColumns(indexOutput, predictedName));
    }

    private sealed class ClassName
    {
        public string Name { get; set; } = "";
    }
}
