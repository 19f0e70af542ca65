using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Onnx.Export;
using SamClr.MLNet.Onnx.Pipelines;

namespace Microsoft.ML;

/// <summary>
/// <c>ToMLNetPipeline</c> on the featurizer and the classifiers of SamClr.MLNet: each is exported to ONNX and returned
/// as a chain of ML.NET's own estimators (ApplyOnnxModel), which <c>mlContext.Model.Save</c> stores, unlike the
/// TorchSharp and in-memory transformers themselves.
/// </summary>
public static class OnnxExportCatalog
{
    /// <summary>
    /// Exports the encoder to <paramref name="onnxPath"/> (<see cref="EncoderOnnxExporter"/>) and returns the featurizer
    /// as a chain of ML.NET's own estimators, which <c>mlContext.Model.Save</c> stores whole (the ONNX bytes go into the
    /// model zip, so the loaded model no longer needs the file): ResizeImages to <see cref="ImageEncoder.InputSize"/>
    /// square (shorter side resized, centred crop: <c>ResizingKind.IsoCrop</c>) -> ExtractPixels (planar RGB, scaled by 1/255) -> ApplyOnnxModel
    /// (CUDA on <see cref="MLContext.GpuDeviceId"/> when set, falling back to the CPU when
    /// <see cref="MLContext.FallbackToCpu"/> is true) -> <see cref="ImageFeaturizerTransformer.OutputColumnName"/>, a Single vector of
    /// <see cref="ImageFeaturizerTransformer.FeatureDimension"/> values. It reads and writes the same columns as the transformer; the temporary
    /// columns "image" and "features" it uses are dropped.
    /// </summary>
    /// <remarks>
    /// Images already at the input size give the same features as the transformer (within float rounding). Others
    /// are resized by ML.NET's resizer rather than the antialiased bilinear resize of <see cref="ImageEncoder"/>, so
    /// their features differ slightly.
    /// </remarks>
    /// <param name="featurizer">The featurizer to export.</param>
    /// <param name="ml">The context whose GPU settings ApplyOnnxModel uses.</param>
    /// <param name="onnxPath">Where to write the encoder's ONNX model (written to a temporary file, then renamed).</param>
    /// <returns>An estimator chain; fit it (nothing is learnt) or append trainers to it.</returns>
    /// <exception cref="ArgumentException"><see cref="ImageFeaturizerTransformer.OutputColumnName"/> is "image", a name the chain uses internally.</exception>
    public static IEstimator<ITransformer> ToMLNetPipeline(this ImageFeaturizerTransformer featurizer, MLContext ml, string onnxPath) =>
        OnnxFeaturizerPipeline.Create(ml, featurizer, onnxPath);

    /// <summary>
    /// Writes <paramref name="model"/> as an ONNX graph to <paramref name="onnxPath"/> (temporary file, then rename; see
    /// <see cref="KnnOnnxExporter"/>: reference features and one-hot labels as initializers, L2-normalised query,
    /// MatMul, TopK, exp((s - s_max) / T) weights, per-class sums normalised to 1, ArgMax) and returns the chain of
    /// ML.NET's own estimators that runs it: ApplyOnnxModel (CUDA on <see cref="MLContext.GpuDeviceId"/> when set,
    /// CPU fallback per <see cref="MLContext.FallbackToCpu"/>) writing "Score" (a Single vector of
    /// <see cref="KNearestNeighborsModel.ClassCount"/> values), then MapValue from the class index to its name and MapValueToKey to
    /// "PredictedLabel", keys whose key values are <see cref="KNearestNeighborsModel.ClassNames"/> in class order (the class indices as text
    /// when the label had no key values), so MulticlassClassification.Evaluate and MapKeyToValue work.
    /// "PredictedLabel" is a one-slot key vector, not a scalar: ApplyOnnxModel has no working getter for scalar
    /// outputs (it fails with ArgumentNullException), so the graph returns the index with shape [1]. <c>mlContext.Model.Save</c> stores the chain with
    /// the ONNX bytes inside; the loaded model does not need the file.
    /// </summary>
    /// <remarks>The scores equal <see cref="KNearestNeighborsModel.Transform"/>'s up to float rounding (the ONNX graph sums in another order); the
    /// predicted labels are the same except where two classes' scores are within that rounding of each other.</remarks>
    /// <param name="model">The kNN classifier to export.</param>
    /// <param name="ml">The context whose GPU settings ApplyOnnxModel uses.</param>
    /// <param name="onnxPath">Where to write the ONNX model.</param>
    /// <returns>An estimator chain reading <see cref="KNearestNeighborsModel.FeatureColumnName"/>; fit it (nothing is learnt) on data with that column.</returns>
    public static IEstimator<ITransformer> ToMLNetPipeline(this KNearestNeighborsModel model, MLContext ml, string onnxPath) =>
        OnnxClassifierPipeline.Create(ml, model, onnxPath);

    /// <summary>
    /// Writes <paramref name="model"/> as an ONNX graph to <paramref name="onnxPath"/> (<see cref="LinearProbeOnnxExporter"/>:
    /// Gemm with the weights as initializers, Softmax, ArgMax) and returns the chain of ML.NET's own estimators that runs
    /// it on <see cref="LinearProbeModel.FeatureColumnName"/>: ApplyOnnxModel writing "Score" (C class probabilities), then MapValue and
    /// MapValueToKey writing "PredictedLabel" (a one-slot key vector whose key values are <see cref="LinearProbeModel.ClassNames"/>).
    /// Append it to the encoder's <c>ToMLNetPipeline</c>; the fitted chain saves and loads with <c>mlContext.Model</c>.
    /// </summary>
    /// <param name="model">The linear probe to export.</param>
    /// <param name="ml">The context whose GPU settings ApplyOnnxModel uses.</param>
    /// <param name="onnxPath">Where to write the ONNX model (embedded in the model zip when saved).</param>
    public static IEstimator<ITransformer> ToMLNetPipeline(this LinearProbeModel model, MLContext ml, string onnxPath) =>
        OnnxClassifierPipeline.Create(ml, model, onnxPath);
}
