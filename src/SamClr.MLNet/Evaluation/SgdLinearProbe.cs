using Microsoft.ML;
using Microsoft.ML.Data;
using SamClr.MLNet.Data;
using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Evaluation;

/// <summary>
/// The linear evaluation protocol of Lightly's benchmarks, as the SAMCLR paper reports it: the encoder stays frozen
/// (evaluation mode, no gradients); every step takes a batch of training images, makes a random resized crop and a
/// random horizontal flip of each at the encoder's input size, computes their features batch-wise and trains one
/// linear layer on them with SGD (momentum, cosine schedule without warm-up) and cross-entropy. The result is a
/// <see cref="LinearProbeModel"/>, usable in ML.NET through its <c>ToMLNetPipeline</c>; evaluate it
/// on features of the unaugmented test images, as Lightly does.
/// </summary>
public static class SgdLinearProbe
{
    /// <summary>Trains the probe on the images and labels of <paramref name="data"/>.</summary>
    /// <param name="ml">The context (reads the label column; maps it to a key when it is not one).</param>
    /// <param name="featurizer">The frozen encoder; its output column names the model's feature column unless the options set one.</param>
    /// <param name="data">Training rows with an image column and a label column.</param>
    /// <param name="options">The protocol's settings (default: Lightly's).</param>
    /// <exception cref="ArgumentException">A column is missing or of the wrong type, or no row has a label.</exception>
    public static LinearProbeModel Fit(MLContext ml, ImageFeaturizerTransformer featurizer, IDataView data, SgdLinearProbeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(featurizer);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new SgdLinearProbeOptions();
        options.Validate();
        var (training, rows, labels, classNames) = ReadLabelled(ml, data, options);
        using var closeImages = training;
        int classes = classNames?.Count ?? labels.Max() + 1, dimension = featurizer.FeatureDimension;
        var (weights, bias) = Train(featurizer.Encoder, training.Images, rows, labels, classes, options);
        return new LinearProbeModel(weights, bias, dimension, classNames, options.FeatureColumnName);
    }

    /// <summary>Trains the layer on crops of the images at <paramref name="rows"/> (labels[i] is the class of image rows[i]).</summary>
    private static (float[] Weights, float[] Bias) Train(ImageEncoder encoder, ISourceImages images, int[] rows, int[] labels, int classes, SgdLinearProbeOptions options)
    {
        int n = rows.Length, batch = Math.Min(options.BatchSize, n), dimension = encoder.FeatureDimension;
        int stepsPerEpoch = (n + batch - 1) / batch, totalSteps = options.Epochs * stepsPerEpoch;
        double baseRate = options.LearningRate * batch / 256.0;
        var crops = new ViewAugmentationOptions
        {
            OutputSize = encoder.InputSize, MinScale = options.MinCropScale, HorizontalFlipProbability = options.HorizontalFlipProbability,
            ColorJitterProbability = 0, GrayscaleProbability = 0, BlurProbability = 0, SolarizeProbability = 0,
            Normalize = false, // the encoder normalises.
        };
        var random = new Random(options.Seed);
        using var generator = new Generator((ulong)options.Seed);
        // nn.Linear's default initialisation, U(-1/sqrt(D), 1/sqrt(D)), drawn from the probe's own generator.
        using var layer = nn.Linear(dimension, classes);
        ModelInitialization.LinearDefault(layer, generator);
        using var optimizer = new ParameterUpdater(layer.parameters(), OptimizerKind.Sgd, baseRate, options.Momentum, options.WeightDecay);
        var order = Enumerable.Range(0, n).ToArray();
        for (int step = 0; step < totalSteps; step++)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            int b = step % stepsPerEpoch;
            if (b == 0) random.Shuffle(order);
            int count = Math.Min(batch, n - b * batch);
            var picked = new ReadOnlySpan<int>(order, b * batch, count);
            var indices = new int[count];
            var targets = new long[count];
            for (int i = 0; i < count; i++)
            {
                indices[i] = rows[picked[i]];
                targets[i] = labels[picked[i]];
            }
            optimizer.LearningRate = CosineSchedule.LearningRate(step, totalSteps, 0, baseRate);
            using var scope = NewDisposeScope();
            // Crops cut from the images at their own resolution, as the pre-training views are.
            var views = ViewCutter.Prepare(images, indices, new WholeImageBoxSource(images), new[] { crops }, random, Environment.ProcessorCount);
            var features = encoder.Forward(views.ToDevice(CPU)[0]);
            var loss = nn.functional.cross_entropy(layer.forward(features), tensor(targets));
            optimizer.ZeroGrad();
            loss.backward();
            optimizer.Step();
        }
        return (layer.weight!.detach().data<float>().ToArray(), layer.bias!.detach().data<float>().ToArray());
    }

    /// <summary>The images at their own sizes, the rows that have a label with their class indices, and the class names.</summary>
    private static (TrainingImages Images, int[] Rows, int[] Labels, IReadOnlyList<string>? ClassNames) ReadLabelled(MLContext ml, IDataView data, SgdLinearProbeOptions options)
    {
        var label = data.Schema.GetColumnOrNull(options.LabelColumnName)
            ?? throw new ArgumentException($"The probe's label column '{options.LabelColumnName}' was not found; the data has: {string.Join(", ", data.Schema.Select(c => c.Name))}.", nameof(data));
        var keyed = label.Type is KeyDataViewType ? data : ml.Transforms.Conversion.MapValueToKey(options.LabelColumnName).Fit(data).Transform(data);
        var labelColumn = KnnColumnChecks.Label(keyed.Schema, options.LabelColumnName);
        var images = DataViewImages.ReadForTraining(keyed, options.ImageColumnName, null, new ImageStoreOptions().MaxSide);
        var labels = new List<int>(images.Images.Count);
        using (var cursor = keyed.GetRowCursor(new[] { labelColumn }))
        {
            var read = KeyColumns.ClassIndexReader(cursor, labelColumn);
            while (cursor.MoveNext()) labels.Add((int)read());
        }
        var keep = Enumerable.Range(0, labels.Count).Where(i => labels[i] >= 0).ToArray();
        if (keep.Length == 0)
        {
            images.Dispose();
            throw new ArgumentException($"No row of '{options.LabelColumnName}' has a label.", nameof(data));
        }
        return (images, keep, keep.Select(i => labels[i]).ToArray(), KeyColumns.KeyValuesAsText(labelColumn));
    }
}
