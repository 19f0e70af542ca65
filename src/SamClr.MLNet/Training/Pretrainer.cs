using System.Diagnostics;
using Microsoft.ML.Runtime;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Training;

/// <summary>
/// The one pre-training loop every method shares: shuffled batches, SGD with momentum and weight
/// decay, learning rate scaled by batch / 256 with warm-up and cosine decay, progress after every
/// step, cancellation checked before every step, and every step inside its own dispose scope.
/// </summary>
public static class Pretrainer
{
    /// <summary>Pre-trains <paramref name="method"/> on <paramref name="images"/> in place.</summary>
    /// <param name="method">The method (already on <paramref name="device"/>).</param>
    /// <param name="images">Training images.</param>
    /// <param name="boxes">Where each image's views come from (whole image or a region).</param>
    /// <param name="options">Loop settings.</param>
    /// <param name="device">Training device.</param>
    /// <param name="progress">Receives a report after every step; may be null.</param>
    /// <param name="log">ML.NET channel for per-epoch log lines; may be null.</param>
    /// <param name="cancellation">Stops training before the next step; throws <see cref="OperationCanceledException"/>.</param>
    public static PretrainingHistory Train(SelfSupervisedMethod method, ImageSet images, IViewBoxSource boxes,
        PretrainingOptions options, Device device, IProgress<PretrainingProgress>? progress = null, IChannel? log = null,
        CancellationToken cancellation = default)
    {
        options.Validate();
        if (images.Count < 2) throw new ArgumentException($"Pre-training needs at least 2 images; the data has {images.Count}.", nameof(images));
        int batchSize = Math.Min(options.BatchSize, images.Count);
        int stepsPerEpoch = images.Count / batchSize;
        int totalSteps = stepsPerEpoch * options.Epochs;
        int warmupSteps = stepsPerEpoch * options.WarmupEpochs;
        double baseRate = options.BaseLearningRate * batchSize / 256.0;
        var random = new Random(options.Seed);

        method.train();
        using var optimizer = CreateOptimizer(method, options, baseRate);
        var history = new PretrainingHistory();
        var clock = Stopwatch.StartNew();
        int step = 0;
        var order = Enumerable.Range(0, images.Count).ToArray();
        var batchBoxes = new CropBox[batchSize];
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double epochLoss = 0;
            for (int b = 0; b < stepsPerEpoch; b++, step++)
            {
                cancellation.ThrowIfCancellationRequested();
                var indices = new ReadOnlySpan<int>(order, b * batchSize, batchSize);
                for (int i = 0; i < batchSize; i++) batchBoxes[i] = boxes.BoxFor(indices[i], random);
                double rate = CosineSchedule.LearningRate(step, totalSteps, warmupSteps, baseRate);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;

                float loss;
                using (NewDisposeScope())
                {
                    var batch = images.ToTensor(indices, device);
                    var lossTensor = method.TrainingLoss(batch, batchBoxes, random);
                    optimizer.zero_grad();
                    lossTensor.backward();
                    optimizer.step();
                    loss = lossTensor.item<float>();
                }
                if (!float.IsFinite(loss))
                    throw new InvalidOperationException(
                        $"The loss became {loss} at step {step + 1} (epoch {epoch}). Lower the learning rate (BaseLearningRate = {options.BaseLearningRate}) or raise the temperature.");
                method.AfterOptimizerStep(step, totalSteps);
                history.StepLosses.Add(loss);
                epochLoss += loss;
                double perSecond = (step + 1) * (double)batchSize / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress?.Report(new PretrainingProgress(epoch, options.Epochs, step + 1, totalSteps, loss, rate, perSecond, clock.Elapsed));
            }
            history.EpochLosses.Add((float)(epochLoss / stepsPerEpoch));
            log?.Info(MessageSensitivity.None, $"epoch {epoch}/{options.Epochs}: mean loss {epochLoss / stepsPerEpoch:F4}");
        }
        history.Elapsed = clock.Elapsed;
        history.ImagesPerSecond = totalSteps * (double)batchSize / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        method.eval();
        return history;
    }

    private static optim.Optimizer CreateOptimizer(SelfSupervisedMethod method, PretrainingOptions options, double rate) =>
        options.Optimizer switch
        {
            OptimizerKind.Adam => optim.Adam(method.parameters(), rate, weight_decay: options.WeightDecay),
            _ => optim.SGD(method.parameters(), rate, momentum: options.Momentum, weight_decay: options.WeightDecay),
        };
}
