using Microsoft.ML;
using SamClr.MLNet.Featurization;

namespace SamClr.MLNet.Onnx.Pipelines;

/// <summary>
/// Builds the deployable model: image file -> ML.NET's LoadImages -> the encoder as ONNX through ApplyOnnxModel ->
/// a linear classifier -> the predicted class name. It contains only ML.NET's own transformers, so
/// <c>mlContext.Model.Save</c> writes it whole (the ONNX bytes inside the zip) and a plain .NET app that references
/// Microsoft.ML, Microsoft.ML.ImageAnalytics and Microsoft.ML.OnnxTransformer, but not TorchSharp or this library,
/// loads and runs it.
/// </summary>
public static class ImageClassifierPipeline
{
    /// <summary>Name of the input column of image file paths the model reads.</summary>
    public const string ImagePathColumn = "ImagePath";

    /// <summary>Name of the output column with the predicted class name.</summary>
    public const string PredictedClassColumn = "PredictedClass";

    /// <summary>
    /// Trains the classifier on <paramref name="trainingData"/> (text columns <see cref="ImagePathColumn"/> and "Label")
    /// with features from <paramref name="featurizer"/>, and returns the fitted model: Score (class probabilities,
    /// L-BFGS maximum entropy, ML.NET's defaults) and <see cref="PredictedClassColumn"/>. At prediction time the input
    /// needs the <see cref="ImagePathColumn"/> and a "Label" text column, which may be empty (the label mapping reads it).
    /// </summary>
    /// <param name="ml">The context.</param>
    /// <param name="featurizer">The trained encoder's featurizer.</param>
    /// <param name="trainingData">Image paths and their labels.</param>
    /// <param name="onnxPath">Where the encoder's ONNX model is written (embedded in the model zip when saved).</param>
    public static ITransformer Train(MLContext ml, ImageFeaturizerTransformer featurizer, IDataView trainingData, string onnxPath)
    {
        ArgumentNullException.ThrowIfNull(featurizer);
        var pipeline = ml.Transforms.LoadImages(featurizer.InputColumnName, imageFolder: null, ImagePathColumn)
            .Append(OnnxFeaturizerPipeline.Create(ml, featurizer, onnxPath))
            .Append(ml.Transforms.Conversion.MapValueToKey("Label"))
            .AppendCacheCheckpoint(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", featurizer.OutputColumnName))
            .Append(ml.Transforms.Conversion.MapKeyToValue(PredictedClassColumn, "PredictedLabel"));
        return pipeline.Fit(trainingData);
    }
}
