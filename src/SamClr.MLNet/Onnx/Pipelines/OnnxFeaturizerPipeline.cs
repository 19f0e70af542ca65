using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Onnx.Export;

namespace SamClr.MLNet.Onnx.Pipelines;

/// <summary>
/// Builds the featurizer out of ML.NET's own transformers, which <c>mlContext.Model.Save</c> can store:
/// ResizeImages (shorter side to inputSize, centred crop: the evaluation protocol of <see cref="ImageEncoder"/>) -> ExtractPixels (planar R, G, B planes, scaled by 1/255 into
/// [0, 1]) -> ApplyOnnxModel (the exported encoder of <see cref="EncoderOnnxExporter"/>) -> the feature column.
/// </summary>
internal static class OnnxFeaturizerPipeline
{
    /// <summary>
    /// Exports <paramref name="featurizer"/>'s encoder to <paramref name="onnxPath"/> (<see cref="EncoderOnnxExporter"/>)
    /// and returns the estimator chain that runs it, reading and writing the featurizer's columns.
    /// </summary>
    /// <param name="ml">The context; its <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/> choose where ONNX Runtime runs.</param>
    /// <param name="featurizer">The featurizer whose encoder is exported.</param>
    /// <param name="onnxPath">Where to write the encoder's ONNX model (written to a temporary file, then renamed).</param>
    /// <exception cref="ArgumentException">The feature column is named like the chain's pixel column, <see cref="EncoderOnnxExporter.InputName"/>.</exception>
    public static IEstimator<ITransformer> Create(MLContext ml, ImageFeaturizerTransformer featurizer, string onnxPath)
    {
        OnnxPipelineArguments.Check(ml, featurizer, onnxPath, "The exported featurizer");
        if (featurizer.OutputColumnName == EncoderOnnxExporter.InputName)
            throw new ArgumentException(
                $"The feature column cannot be named '{EncoderOnnxExporter.InputName}': the ML.NET pipeline uses that name for the pixel column. Choose another output column name.");
        var encoder = featurizer.Encoder;
        EncoderOnnxExporter.Export(encoder.Backbone, encoder.InputSize, encoder.Normalization, onnxPath);
        return Chain(ml, onnxPath, encoder.InputSize, featurizer.InputColumnName, featurizer.OutputColumnName);
    }

    /// <summary>The estimator chain that reads image column <paramref name="inputColumnName"/> and writes <paramref name="outputColumnName"/>.</summary>
    /// <param name="ml">The context whose GPU settings ApplyOnnxModel uses.</param>
    /// <param name="onnxPath">The exported encoder (<see cref="EncoderOnnxExporter"/>).</param>
    /// <param name="inputSize">Side of the square input the encoder expects.</param>
    /// <param name="inputColumnName">The image column (ML.NET's image type, from LoadImages).</param>
    /// <param name="outputColumnName">The feature column to write.</param>
    private static IEstimator<ITransformer> Chain(MLContext ml, string onnxPath, int inputSize, string inputColumnName, string outputColumnName)
    {
        const string pixels = EncoderOnnxExporter.InputName, features = EncoderOnnxExporter.OutputName;
        var resized = outputColumnName + ".Resized";
        IEstimator<ITransformer> chain = ml.Transforms.ResizeImages(resized, inputSize, inputSize, inputColumnName, ImageResizingEstimator.ResizingKind.IsoCrop, ImageResizingEstimator.Anchor.Center)
            .Append(ml.Transforms.ExtractPixels(pixels, resized, ImagePixelExtractingEstimator.ColorBits.Rgb,
                ImagePixelExtractingEstimator.ColorsOrder.ARGB, interleavePixelColors: false, offsetImage: 0f, scaleImage: 1f / 255f,
                outputAsFloatArray: true))
            .Append(ml.Transforms.ApplyOnnxModel([features], [pixels], onnxPath, ml.GpuDeviceId, ml.FallbackToCpu));
        var drop = new List<string> { resized };
        if (pixels != inputColumnName) drop.Add(pixels);
        if (features != outputColumnName)
        {
            chain = chain.Append(ml.Transforms.CopyColumns(outputColumnName, features));
            drop.Add(features);
        }
        return chain.Append(ml.Transforms.DropColumns(drop.ToArray()));
    }
}
