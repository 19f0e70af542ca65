using System.Diagnostics;
using Microsoft.ML.Runtime;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Training.Checkpoints;
using SamClr.MLNet.Training.Monitoring;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Training;

/// <summary>
/// The one pre-training loop every method shares: shuffled batches, SGD with momentum (or Adam) and weight
/// decay, learning rate scaled by batch / 256 with warm-up and cosine decay, progress after every
/// step, cancellation checked before every step, and every step inside its own dispose scope.
/// With <see cref="PretrainingOptions.CheckpointDirectory"/> it writes checkpoints of the full training state, and
/// with <see cref="PretrainingOptions.ResumeFrom"/> it continues from one (see <see cref="TrainingCheckpoint"/>).
/// Shuffling and views draw from one <see cref="CheckpointRandom"/> seeded with <see cref="PretrainingOptions.Seed"/>.
/// With <see cref="PretrainingOptions.Monitor"/> it lets an <see cref="IPretrainingMonitor"/> look at the backbone every
/// <see cref="PretrainingOptions.MonitorEveryEpochs"/> epochs, after that epoch's checkpoint.
/// </summary>
internal static class Pretrainer
{
    /// <summary>Pre-trains <paramref name="method"/> on <paramref name="images"/> in place.</summary>
    /// <param name="method">The method (already on <paramref name="device"/>).</param>
    /// <param name="images">Training images at their own sizes (an <see cref="ImageSet"/> or an <see cref="ImageStore"/>);
    /// every view is cut from their source pixels on CPU worker threads while the previous step runs.</param>
    /// <param name="boxes">Where each image's views come from (whole image or a region).</param>
    /// <param name="options">Loop settings.</param>
    /// <param name="device">Training device.</param>
    /// <param name="progress">Receives a report after every step; may be null.</param>
    /// <param name="log">ML.NET channel for per-epoch log lines; may be null.</param>
    /// <param name="cancellation">
    /// Stops training before the next step; throws <see cref="OperationCanceledException"/>, after writing a checkpoint
    /// when <see cref="PretrainingOptions.CheckpointDirectory"/> is set.
    /// </param>
    /// <param name="normalizeWith">Channel statistics every view is normalised with in place of its own Mean and Std
    /// (e.g. the data set's, <see cref="ChannelStatistics.Measure"/>); null keeps the views' own.</param>
    /// <returns>The history of the whole run, including the steps before the checkpoint it resumed from.</returns>
    public static PretrainingHistory Train(SelfSupervisedMethod method, ISourceImages images, IViewBoxSource boxes,
        PretrainingOptions options, Device device, IProgress<PretrainingProgress>? progress = null, IChannel? log = null,
        CancellationToken cancellation = default, ChannelStatistics? normalizeWith = null)
    {
        options.Validate();
        if (images.Count < 2) throw new ArgumentException($"Pre-training needs at least 2 images; the data has {images.Count}.", nameof(images));
        int batchSize = Math.Min(options.BatchSize, images.Count);
        int stepsPerEpoch = images.Count / batchSize;
        int totalSteps = stepsPerEpoch * options.Epochs;
        int warmupSteps = stepsPerEpoch * options.WarmupEpochs;
        double baseRate = options.BaseLearningRate * batchSize / 256.0;

        CudaMathSettings.Apply(device, options.AllowTf32);
        method.train();
        using var optimizer = new ParameterUpdater(method.parameters(), options.Optimizer, baseRate, options.Momentum, options.WeightDecay);
        var loop = new LoopState(new CheckpointRandom(options.Seed), Enumerable.Range(0, images.Count).ToArray(), new PretrainingHistory());
        var header = new CheckpointHeader(CheckpointFile.FormatVersion, method.GetName(), TrainingCheckpoint.OptionsHash(options), images.Count, 0, totalSteps,
            CheckpointFile.NewRunId());
        if (options.ResumeFrom is not null)
        {
            string path = CheckpointFile.Resolve(options.ResumeFrom, out var skipped);
            foreach (string damaged in skipped)
                log?.Warning(MessageSensitivity.None, $"{damaged} Passed over: resuming from the newest intact checkpoint, '{path}'.");
            header = header with { RunId = TrainingCheckpoint.Load(path, method, optimizer.State, header, loop).RunId };
            log?.Info(MessageSensitivity.None, $"resumed from '{path}' after step {loop.Step} of {totalSteps}");
        }
        else if (options.CheckpointDirectory is not null && CheckpointFile.Runs(options.CheckpointDirectory) is { Count: > 0 } earlier)
        {
            throw new InvalidOperationException(
                $"The checkpoint folder '{options.CheckpointDirectory}' already holds the checkpoints of another run (up to step {earlier.Values.Max()}). " +
                "Continue that run with ResumeFrom (--resume), or give this run another folder (CheckpointDirectory, --checkpoints); nothing was trained.");
        }
        var history = loop.History;
        var random = loop.Random;
        var elapsedBefore = loop.Elapsed;
        int firstStep = loop.Step;
        var clock = Stopwatch.StartNew();
        var plan = normalizeWith is null ? method.ViewPlan : method.ViewPlan.Select(v => v.NormalizedWith(normalizeWith.Mean, normalizeWith.Std)).ToArray();
        ViewBatchLoader? loader = null;
        try
        {
            while (loop.Step < totalSteps)
            {
                int step = loop.Step, epoch = step / stepsPerEpoch + 1, b = step % stepsPerEpoch;
                if (cancellation.IsCancellationRequested)
                {
                    loop.Elapsed = elapsedBefore + clock.Elapsed;
                    WriteCheckpoint(options, method, optimizer, header, loop, log);
                    cancellation.ThrowIfCancellationRequested();
                }
                // The shuffle comes after the cancellation check, so a checkpoint at an epoch boundary is always before it.
                if (b == 0) random.Shuffle(loop.Order);
                if (loader is null || b == 0)
                {
                    loader?.Dispose();
                    loader = new ViewBatchLoader(images, boxes, plan, loop.Order, batchSize, b, stepsPerEpoch, step, options.Seed, options.LoaderThreads,
                        depth: device.type == DeviceType.CPU ? 0 : 2);
                }
                var prepared = loader.Next();
                double rate = CosineSchedule.LearningRate(step, totalSteps, warmupSteps, baseRate);
                optimizer.LearningRate = rate;

                float loss;
                try
                {
                    using (NewDisposeScope())
                    {
                        var lossTensor = method.TrainingLoss(prepared.ToDevice(device));
                        loss = lossTensor.item<float>();
                        // Checked before the update, so that the weights (and any checkpoint written later) stay those of the last good step.
                        if (!float.IsFinite(loss))
                            throw new InvalidOperationException(
                                $"The loss became {loss} at step {step + 1} (epoch {epoch}). Lower the learning rate (BaseLearningRate = {options.BaseLearningRate}) or raise the temperature." +
                                (options.CheckpointDirectory is null ? "" : $" The last good checkpoint in '{options.CheckpointDirectory}' is kept."));
                        optimizer.ZeroGrad();
                        lossTensor.backward();
                        optimizer.Step();
                    }
                }
                catch (Exception e) when (IsCudaOutOfMemory(e))
                {
                    throw new InvalidOperationException(CudaOutOfMemoryMessage(e.Message, batchSize, step + 1, epoch), e);
                }
                method.AfterOptimizerStep(step, totalSteps);
                history.StepLosses.Add(loss);
                loop.EpochLossSum += loss;
                loop.Step = step + 1;
                double perSecond = (loop.Step - firstStep) * (double)batchSize / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                progress?.Report(new PretrainingProgress(epoch, options.Epochs, step + 1, totalSteps, loss, rate, perSecond, elapsedBefore + clock.Elapsed));
                if (b == stepsPerEpoch - 1)
                {
                    double epochLoss = loop.EpochLossSum / stepsPerEpoch;
                    history.EpochLosses.Add((float)epochLoss);
                    loop.EpochLossSum = 0;
                    log?.Info(MessageSensitivity.None, $"epoch {epoch}/{options.Epochs}: mean loss {epochLoss:F4}");
                    if (epoch % options.CheckpointEveryEpochs == 0 || epoch == options.Epochs)
                    {
                        loop.Elapsed = elapsedBefore + clock.Elapsed;
                        WriteCheckpoint(options, method, optimizer, header, loop, log);
                    }
                    if (options.MonitorEveryEpochs > 0 && (epoch % options.MonitorEveryEpochs == 0 || epoch == options.Epochs))
                    {
                        // The clock stops so that evaluation time counts neither as training time nor against images per second.
                        clock.Stop();
                        RunMonitor(options.Monitor!, method, device, epoch, loop.Step, elapsedBefore + clock.Elapsed);
                        clock.Start();
                    }
                }
            }
        }
        finally
        {
            loader?.Dispose();
        }
        history.Elapsed = elapsedBefore + clock.Elapsed;
        history.ImagesPerSecond = (totalSteps - firstStep) * (double)batchSize / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        method.eval();
        return history;
    }

    /// <summary>Calls <paramref name="monitor"/> with the backbone in evaluation mode, without gradients, inside a dispose scope.</summary>
    private static void RunMonitor(IPretrainingMonitor monitor, SelfSupervisedMethod method, Device device, int epoch, int step, TimeSpan elapsed)
    {
        method.eval();
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            monitor.OnEpochEnd(method.Backbone, device, epoch, step, elapsed);
        }
        finally
        {
            method.train();
        }
    }

    /// <summary>Writes the state after <see cref="LoopState.Step"/> steps into the checkpoint directory, if there is one, and prunes old ones.</summary>
    private static void WriteCheckpoint(PretrainingOptions options, SelfSupervisedMethod method, ParameterUpdater optimizer, CheckpointHeader header,
        LoopState loop, IChannel? log)
    {
        if (options.CheckpointDirectory is null) return;
        // A finite loss can still come with a non-finite gradient; such weights must never replace a good checkpoint.
        if (!ParametersAreFinite(method))
            throw new InvalidOperationException(
                $"The weights became NaN or infinite by step {loop.Step}; no checkpoint was written, the last good one in '{options.CheckpointDirectory}' is kept. " +
                $"Lower the learning rate (BaseLearningRate = {options.BaseLearningRate}).");
        Directory.CreateDirectory(options.CheckpointDirectory);
        string path = Path.Combine(options.CheckpointDirectory, CheckpointFile.FileNameFor(loop.Step, header.RunId));
        TrainingCheckpoint.Save(path, method, optimizer.State, header with { Step = loop.Step }, loop);
        CheckpointFile.Prune(options.CheckpointDirectory, header.RunId);
        log?.Info(MessageSensitivity.None, $"checkpoint after step {loop.Step}: '{path}'");
    }

    private static bool ParametersAreFinite(SelfSupervisedMethod method)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var parameter in method.parameters())
            if (!isfinite(parameter).all().item<bool>()) return false;
        return true;
    }

    /// <summary>Whether <paramref name="e"/> (or an exception inside it) is TorchSharp's report that CUDA ran out of memory.</summary>
    internal static bool IsCudaOutOfMemory(Exception e)
    {
        for (var inner = e; inner != null; inner = inner.InnerException)
            if (inner.Message.Contains("CUDA out of memory", StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>The message for a step that ran out of GPU memory: which step, which batch size, and a smaller one to try.</summary>
    internal static string CudaOutOfMemoryMessage(string torchMessage, int batchSize, int step, int epoch)
    {
        string firstLine = torchMessage.Split('\n', 2)[0].Trim();
        string suggestion = batchSize > 1
            ? $"Use a smaller BatchSize than the current {batchSize} (e.g. {Math.Max(1, batchSize / 2)}; the learning rate scales with it), a smaller view size or backbone, or train on the CPU."
            : "The BatchSize is already 1: use a smaller view size or backbone, or train on the CPU.";
        return $"The GPU ran out of memory at step {step} (epoch {epoch}) with BatchSize {batchSize}. {suggestion} (TorchSharp: {firstLine})";
    }
}
