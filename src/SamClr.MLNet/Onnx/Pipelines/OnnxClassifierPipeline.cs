using Microsoft.ML;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Onnx.Export;
using SamClr.MLNet.Training;

namespace SamClr.MLNet.Onnx.Pipelines;

/// <summary>
/// Exports a trained classifier on features (the kNN model or the linear probe) as an ONNX graph and returns the chain
/// of ML.NET's own estimators that runs it: ApplyOnnxModel, then the key mapping of <see cref="PredictedLabelMapping"/>.
/// </summary>
internal static class OnnxClassifierPipeline
{
    /// <summary>Writes <paramref name="model"/>'s vote to <paramref name="onnxPath"/> (<see cref="KnnOnnxExporter"/>) and returns the chain that runs it.</summary>
    /// <param name="ml">The context whose GPU settings ApplyOnnxModel uses.</param>
    /// <param name="model">The kNN classifier.</param>
    /// <param name="onnxPath">Where to write the ONNX model.</param>
    public static IEstimator<ITransformer> Create(MLContext ml, KNearestNeighborsModel model, string onnxPath)
    {
        OnnxPipelineArguments.Check(ml, model, onnxPath, "The kNN classifier");
        KnnOnnxExporter.Build(model.Reference, model.ClassCount, model.K, model.Temperature, model.FeatureColumnName).Save(onnxPath);
        return PredictedLabelMapping.Create(ml, onnxPath, model.FeatureColumnName, KnnOnnxExporter.ScoreOutput, KnnOnnxExporter.IndexOutput,
            KNearestNeighborsModel.PredictedLabelColumnName, model.ClassNames, model.ClassCount);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="onnxPath"/> (<see cref="LinearProbeOnnxExporter"/>) and returns the chain that runs it.</summary>
    /// <param name="ml">The context whose GPU settings ApplyOnnxModel uses.</param>
    /// <param name="model">The linear probe.</param>
    /// <param name="onnxPath">Where to write the ONNX model.</param>
    public static IEstimator<ITransformer> Create(MLContext ml, LinearProbeModel model, string onnxPath)
    {
        OnnxPipelineArguments.Check(ml, model, onnxPath, "The linear probe");
        LinearProbeOnnxExporter.Build(model.Weights, model.Bias, model.FeatureDimension, model.FeatureColumnName).Save(onnxPath);
        return PredictedLabelMapping.Create(ml, onnxPath, model.FeatureColumnName, LinearProbeOnnxExporter.ScoreOutput, LinearProbeOnnxExporter.IndexOutput,
            LinearProbeModel.PredictedLabelColumnName, model.ClassNames, model.ClassCount);
    }
}
