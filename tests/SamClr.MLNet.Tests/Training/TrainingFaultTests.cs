using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.Training;
using SamClr.MLNet.Training.Checkpoints;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Training;

/// <summary>A loss that turns NaN, weights that turn infinite, and CUDA running out of memory.</summary>
public class TrainingFaultTests
{
    /// <summary>
    /// A real (if silly) method: the mean squared feature of the images. On call <c>badCall</c> (from 1) its loss is NaN,
    /// or, with <c>infiniteGradient</c>, stays finite (0) while its gradient is infinite. Just before that call it keeps
    /// a copy of its parameters and of the newest checkpoint file, so the test can see what the bad step changed.
    /// </summary>
    private sealed class FaultyMethod(int badCall, bool infiniteGradient, string? checkpointDirectory) : SelfSupervisedMethod("faulty", new SmallCnn(4))
    {
        private int _calls;
        public float[][]? ParametersBefore { get; private set; }
        public (string Path, byte[] Bytes)? CheckpointBefore { get; private set; }

        public override IReadOnlyList<ViewAugmentationOptions> ViewPlan { get; } = new[] { new ViewAugmentationOptions { OutputSize = 16 } };

        public override Tensor TrainingLoss(IReadOnlyList<Tensor> views)
        {
            var features = Backbone.forward(views[0]);
            if (++_calls != badCall) return features.pow(2).mean();
            ParametersBefore = Snapshot(this);
            if (checkpointDirectory != null && CheckpointFile.Latest(checkpointDirectory) is { } latest)
                CheckpointBefore = (latest, File.ReadAllBytes(latest));
            // sqrt'(0) is infinite: the loss is 0, its gradient is not.
            return infiniteGradient ? (features - features.detach()).sqrt().sum() : features.mean() * float.NaN;
        }
    }

    private static float[][] Snapshot(nn.Module module) =>
        module.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    private static PretrainingOptions Options(string? directory) => new()
    {
        Epochs = 10, BatchSize = 8, BaseLearningRate = 0.1, Seed = 1, Device = ComputeDevice.Cpu,
        CheckpointDirectory = directory, CheckpointEveryEpochs = 1,
    };

    [Fact]
    public void NanLossStopsNamingTheStepAndKeepsTheLastGoodCheckpointAndWeights()
    {
        using var directory = new TempDirectory();
        var images = PretrainerTests.BlockImages(); // 16 images, batch 8: 2 steps an epoch
        using var method = new FaultyMethod(badCall: 6, infiniteGradient: false, directory.Path);
        var error = Assert.Throws<InvalidOperationException>(() =>
            Pretrainer.Train(method, images, new WholeImageBoxSource(images), Options(directory.Path), CPU));

        Assert.Contains("step 6", error.Message);
        Assert.Contains("NaN", error.Message);
        // Step 6 ends epoch 3; the newest checkpoint is still that of step 4, byte for byte.
        var (path, bytes) = method.CheckpointBefore!.Value;
        Assert.Equal(CheckpointFile.FileNameFor(4, TrainingCheckpoint.ReadHeader(path).RunId), Path.GetFileName(path));
        Assert.Equal(path, CheckpointFile.Latest(directory.Path));
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal(4, TrainingCheckpoint.ReadHeader(path).Step);
        Assert.Empty(Directory.GetFiles(directory.Path, "*.tmp"));
        // The bad step made no update: the weights in memory are those of the last good step.
        var after = Snapshot(method);
        Assert.Equal(method.ParametersBefore!.Length, after.Length);
        for (int i = 0; i < after.Length; i++) Assert.Equal(method.ParametersBefore[i], after[i]);
    }

    [Fact]
    public void InfiniteWeightsAfterAFiniteLossAreNeverCheckpointed()
    {
        using var directory = new TempDirectory();
        var images = PretrainerTests.BlockImages();
        using var method = new FaultyMethod(badCall: 6, infiniteGradient: true, directory.Path);
        var error = Assert.Throws<InvalidOperationException>(() =>
            Pretrainer.Train(method, images, new WholeImageBoxSource(images), Options(directory.Path), CPU));

        Assert.Contains("step 6", error.Message);
        Assert.Contains(directory.Path, error.Message);
        var (path, bytes) = method.CheckpointBefore!.Value;
        Assert.Equal(path, CheckpointFile.Latest(directory.Path));
        Assert.Equal(4, TrainingCheckpoint.ReadHeader(path).Step);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void CudaOutOfMemoryIsRecognisedInTheMessageOrAnInnerException()
    {
        const string torchMessage = "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.10 GiB total capacity)\n   at THSNN_Module_forward";
        Assert.True(Pretrainer.IsCudaOutOfMemory(new System.Runtime.InteropServices.ExternalException(torchMessage)));
        Assert.True(Pretrainer.IsCudaOutOfMemory(new AggregateException(new Exception(torchMessage))));
        Assert.False(Pretrainer.IsCudaOutOfMemory(new System.Runtime.InteropServices.ExternalException("Expected all tensors to be on the same device")));
        Assert.False(Pretrainer.IsCudaOutOfMemory(new OutOfMemoryException()));
    }

    [Fact]
    public void CudaOutOfMemoryMessageNamesTheBatchSizeAndSuggestsASmallerOne()
    {
        const string torchMessage = "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 79.10 GiB total capacity)\n   at THSNN_Module_forward";
        string message = Pretrainer.CudaOutOfMemoryMessage(torchMessage, batchSize: 512, step: 7, epoch: 2);
        Assert.Contains("step 7 (epoch 2)", message);
        Assert.Contains("BatchSize 512", message);
        Assert.Contains("smaller BatchSize", message);
        Assert.Contains("256", message);
        Assert.Contains("Tried to allocate 2.00 GiB", message);
        Assert.DoesNotContain("THSNN_Module_forward", message);

        string one = Pretrainer.CudaOutOfMemoryMessage(torchMessage, batchSize: 1, step: 1, epoch: 1);
        Assert.Contains("already 1", one);
    }
}
