using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Models;
using SamClr.MLNet.Pretraining;
using SamClr.MLNet.Training;
using SamClr.MLNet.Training.Checkpoints;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Training.Checkpoints;

/// <summary>
/// An interrupted and resumed run must end with exactly the weights of an uninterrupted one (CPU, fixed seed). The tiny
/// runs have 16 images in batches of 8 (2 steps per epoch) over 3 epochs; cancelling after 3 steps stops mid-epoch.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class ResumeTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("samclr-ckpt-resume-").FullName;
    private readonly ImageSet _images = PretrainerTests.BlockImages();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static PretrainingOptions Loop(OptimizerKind optimizer = OptimizerKind.Sgd) => TinyTraining.Loop(epochs: 3, optimizer);

    internal static SelfSupervisedMethod SimClr(int seed)
    {
        torch.random.manual_seed(seed);
        return new SimClrMethod(new SmallCnn(8), TinyTraining.MildViews(), 0.5, 32, 16);
    }

    internal static SelfSupervisedMethod MoCo(int seed)
    {
        torch.random.manual_seed(seed);
        return new MoCoMethod(new SmallCnn(8), new SmallCnn(8), TinyTraining.MildViews(), MomentumSchedule.Cosine(0.9), temperature: 0.2, memoryBankSize: 20,
            hiddenDimension: 32, outputDimension: 16);
    }

    internal static SelfSupervisedMethod Dino(int seed)
    {
        torch.random.manual_seed(seed);
        var options = new DinoOptions
        {
            Backbone = "small-cnn", ViewSize = 16, HeadHiddenDimension = 32, HeadBottleneckDimension = 16, HeadOutputDimension = 32,
            WarmupTeacherTemperature = 0.02, TeacherTemperatureWarmupEpochs = 2,
            MultiCrop = new MultiCropOptions
            {
                GlobalSize = 16, LocalSize = 8, GlobalMinScale = 0.6, LocalMinScale = 0.2, LocalViewCount = 2,
                FirstGlobalBlurProbability = 0, SecondGlobalBlurProbability = 0, LocalBlurProbability = 0,
                Augmentation = new ViewAugmentationOptions { ColorJitterStrength = 0.2 },
            },
            Training = Loop(),
        };
        return new DinoMethod(new SmallCnn(8), new SmallCnn(8), options.ToSettings());
    }

    public static TheoryData<string> Methods => new() { "simclr", "moco", "dino", "simclr-adam" };

    private static SelfSupervisedMethod Create(string kind, int seed) => kind switch
    {
        "moco" => MoCo(seed),
        "dino" => Dino(seed),
        _ => SimClr(seed),
    };

    [Theory]
    [MemberData(nameof(Methods))]
    public void InterruptedAndResumedRunEndsWithExactlyTheWeightsOfAnUninterruptedOne(string kind)
    {
        var optimizer = kind.EndsWith("adam") ? OptimizerKind.Adam : OptimizerKind.Sgd;
        using var reference = Create(kind, seed: 3);
        using var interrupted = Create(kind, seed: 11);
        CopyState(reference, interrupted); // same start without relying on torch's global seed (tests run in parallel)
        using var resumed = Create(kind, seed: 12); // different init: everything must come from the checkpoint
        var boxes = new WholeImageBoxSource(_images);

        var full = Pretrainer.Train(reference, _images, boxes, Loop(optimizer), CPU);

        var options = Loop(optimizer);
        options.CheckpointDirectory = _directory;
        using var cts = new CancellationTokenSource();
        var cancelAfter3 = new SynchronousProgress(p => { if (p.Step == 3) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() => Pretrainer.Train(interrupted, _images, boxes, options, CPU, cancelAfter3, cancellation: cts.Token));
        Assert.Equal(3, TrainingCheckpoint.ReadHeader(CheckpointFile.Resolve(_directory)).Step);

        var resume = Loop(optimizer);
        resume.ResumeFrom = _directory;
        var continued = Pretrainer.Train(resumed, _images, boxes, resume, CPU);

        Assert.Equal(full.StepLosses, continued.StepLosses);
        Assert.Equal(full.EpochLosses, continued.EpochLosses);
        AssertSameState(reference, resumed);
    }

    [Fact]
    public void ResumingFromAnEpochBoundaryCheckpointFileAlsoMatches()
    {
        using var reference = MoCo(3);
        using var first = MoCo(11);
        CopyState(reference, first);
        using var resumed = MoCo(12);
        var boxes = new WholeImageBoxSource(_images);
        Pretrainer.Train(reference, _images, boxes, Loop(), CPU);

        var options = Loop();
        options.CheckpointDirectory = _directory;
        options.CheckpointEveryEpochs = 2;
        Pretrainer.Train(first, _images, boxes, options, CPU);
        // Epoch 2 (step 4) and the last epoch (step 6) are written; nothing else.
        string run = TrainingCheckpoint.ReadHeader(CheckpointFile.Resolve(_directory)).RunId;
        Assert.Equal(new[] { CheckpointFile.FileNameFor(4, run), CheckpointFile.FileNameFor(6, run) },
            Directory.GetFiles(_directory).Select(Path.GetFileName).Order().ToArray());

        var resume = Loop();
        resume.ResumeFrom = Path.Combine(_directory, CheckpointFile.FileNameFor(4, run));
        Pretrainer.Train(resumed, _images, boxes, resume, CPU);
        AssertSameState(reference, resumed);
    }

    [Fact]
    public void CancellationWritesACheckpointOfTheStepsDone()
    {
        using var method = SimClr(3);
        var options = Loop();
        options.CheckpointDirectory = _directory;
        options.CheckpointEveryEpochs = 3;
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Step == 1) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            Pretrainer.Train(method, _images, new WholeImageBoxSource(_images), options, CPU, progress, cancellation: cts.Token));
        string path = Assert.Single(Directory.GetFiles(_directory));
        var header = TrainingCheckpoint.ReadHeader(path);
        Assert.Equal(CheckpointFile.FileNameFor(1, header.RunId), Path.GetFileName(path));
        Assert.Matches("^[0-9a-f]{12}$", header.RunId);
        Assert.Equal(("SimClrMethod", 16, 1, 6), (header.MethodName, header.ImageCount, header.Step, header.TotalSteps));
        Assert.Equal(TrainingCheckpoint.OptionsHash(Loop()), header.OptionsHash);
    }

    [Fact]
    public void CorruptCheckpointIsRefusedNamingTheFileAndChangesNothing()
    {
        string path = WriteCheckpointAfterOneEpoch(SimClr);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        using var method = SimClr(12);
        using var before = method.Backbone.parameters().First().detach().clone();
        var options = Loop();
        options.ResumeFrom = path;
        var error = Assert.Throws<InvalidDataException>(() => Pretrainer.Train(method, _images, new WholeImageBoxSource(_images), options, CPU));
        Assert.Contains(path, error.Message);
        Assert.True(Same(before, method.Backbone.parameters().First()));

        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        Assert.Contains(path, Assert.Throws<InvalidDataException>(() => Pretrainer.Train(method, _images, new WholeImageBoxSource(_images), options, CPU)).Message);
    }

    [Fact]
    public void AFreshRunBesideAnotherRunsCheckpointsIsRefusedBeforeTrainingAndDeletesNothing()
    {
        string path = WriteCheckpointAfterOneEpoch(SimClr);
        var bytes = File.ReadAllBytes(path);
        using var method = SimClr(5);
        var options = Loop();
        options.Seed = 9;
        options.CheckpointDirectory = _directory;
        int steps = 0;
        var error = Assert.Throws<InvalidOperationException>(() =>
            Pretrainer.Train(method, _images, new WholeImageBoxSource(_images), options, CPU, new SynchronousProgress(_ => steps++)));
        Assert.Contains(_directory, error.Message);
        Assert.Contains("--resume", error.Message);
        Assert.Equal(0, steps);
        Assert.Equal(bytes, File.ReadAllBytes(Assert.Single(Directory.GetFiles(_directory))));
    }

    [Fact]
    public void ATruncatedNewestCheckpointIsPassedOverWithAWarningAndTheResumedRunStillMatches()
    {
        using var reference = SimClr(3);
        using var interrupted = SimClr(4);
        CopyState(reference, interrupted);
        var full = Pretrainer.Train(reference, _images, new WholeImageBoxSource(_images), Loop(), CPU);

        string newest = TrainUntilCancelledAfter(interrupted, 3);
        Assert.Equal(3, TrainingCheckpoint.ReadHeader(newest).Step);
        File.WriteAllBytes(newest, File.ReadAllBytes(newest)[..1000]); // a crash mid-write on a file system without atomic rename

        var ml = new Microsoft.ML.MLContext();
        var warnings = new List<string>();
        ml.Log += (_, e) => { if (e.Kind == Microsoft.ML.Runtime.ChannelMessageKind.Warning) warnings.Add(e.Message); };
        using var channel = ((Microsoft.ML.Runtime.IChannelProvider)ml).Start("resume");
        using var resumed = SimClr(12);
        var resume = Loop();
        resume.ResumeFrom = _directory;
        resume.CheckpointDirectory = _directory;
        var continued = Pretrainer.Train(resumed, _images, new WholeImageBoxSource(_images), resume, CPU, log: channel);

        Assert.Contains(warnings, w => w.Contains(newest) && w.Contains("step-000000002"));
        Assert.Equal(full.StepLosses, continued.StepLosses);
        AssertSameState(reference, resumed);
    }

    [Fact]
    public void CheckpointOfAnotherMethodOrOptionsIsRefused()
    {
        string path = WriteCheckpointAfterOneEpoch(SimClr);
        var boxes = new WholeImageBoxSource(_images);
        using (var moco = MoCo(3))
        {
            var options = Loop();
            options.ResumeFrom = path;
            var error = Assert.Throws<InvalidOperationException>(() => Pretrainer.Train(moco, _images, boxes, options, CPU));
            Assert.Contains("SimClrMethod", error.Message);
            Assert.Contains("MoCoMethod", error.Message);
        }
        using (var simclr = SimClr(3))
        {
            var options = Loop();
            options.ResumeFrom = path;
            options.BaseLearningRate = 0.2;
            Assert.Contains("other training options", Assert.Throws<InvalidOperationException>(() => Pretrainer.Train(simclr, _images, boxes, options, CPU)).Message);
        }
        torch.random.manual_seed(3);
        using (var wider = new SimClrMethod(new SmallCnn(8), TinyTraining.MildViews(), 0.5, 64, 16))
        {
            var options = Loop();
            options.ResumeFrom = path;
            Assert.Contains("projection", Assert.Throws<InvalidOperationException>(() => Pretrainer.Train(wider, _images, boxes, options, CPU)).Message);
        }
    }

    [Fact]
    public void MemoryBankQueueAndPointerAreInTheCheckpoint()
    {
        using var method = (MoCoMethod)MoCo(3);
        var options = Loop();
        options.Epochs = 1;
        options.CheckpointDirectory = _directory;
        Pretrainer.Train(method, _images, new WholeImageBoxSource(_images), options, CPU);
        // 2 steps x 2 views x 8 keys = 32 keys into a bank of 20: the pointer is at 32 mod 20 = 12.
        Assert.Equal(12, method.MemoryBank.Pointer);
        using var other = (MoCoMethod)MoCo(12);
        Assert.False(Same(other.MemoryBank.Keys, method.MemoryBank.Keys));
        options.ResumeFrom = _directory;
        Pretrainer.Train(other, _images, new WholeImageBoxSource(_images), options, CPU); // already finished: only loads
        Assert.Equal(12, other.MemoryBank.Pointer);
        Assert.True(Same(other.MemoryBank.Keys, method.MemoryBank.Keys));
    }

    [Fact]
    public void DinoCentreIsAPersistentBufferAndSoInTheCheckpoint()
    {
        using var dino = Dino(3);
        Assert.Contains("loss.center", dino.state_dict().Keys);
    }

    private string WriteCheckpointAfterOneEpoch(Func<int, SelfSupervisedMethod> create)
    {
        using var method = create(3);
        return TrainUntilCancelledAfter(method, 2);
    }

    /// <summary>Trains <paramref name="method"/> with checkpoints in the test folder, cancels after <paramref name="step"/> steps, returns the newest checkpoint.</summary>
    private string TrainUntilCancelledAfter(SelfSupervisedMethod method, int step)
    {
        var options = Loop();
        options.CheckpointDirectory = _directory;
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(p => { if (p.Step == step) cts.Cancel(); });
        Assert.Throws<OperationCanceledException>(() =>
            Pretrainer.Train(method, _images, new WholeImageBoxSource(_images), options, CPU, progress, cancellation: cts.Token));
        return CheckpointFile.Resolve(_directory);
    }

    /// <summary>Copies every parameter, buffer and extra state (the memory bank) of <paramref name="from"/> into <paramref name="to"/>.</summary>
    private static void CopyState(SelfSupervisedMethod from, SelfSupervisedMethod to)
    {
        var target = to.state_dict();
        using (no_grad())
            foreach (var (name, tensor) in from.state_dict()) target[name].copy_(tensor);
        var extras = from.named_modules().Where(m => m.module is ICheckpointState).ToArray();
        var targets = to.named_modules().ToDictionary(m => m.name, m => m.module);
        foreach (var (name, module) in extras)
        {
            using var buffer = new MemoryStream();
            using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true)) ((ICheckpointState)module).WriteCheckpointState(writer);
            buffer.Position = 0;
            using var reader = new BinaryReader(buffer);
            ((ICheckpointState)targets[name]).ReadCheckpointState(reader);
        }
    }

    private static void AssertSameState(SelfSupervisedMethod expected, SelfSupervisedMethod actual)
    {
        var other = actual.state_dict();
        foreach (var (name, tensor) in expected.state_dict())
            Assert.True(Same(tensor, other[name]), $"'{name}' differs after resuming.");
        if (expected is MoCoMethod moco)
        {
            var bank = ((MoCoMethod)actual).MemoryBank;
            Assert.Equal(moco.MemoryBank.Pointer, bank.Pointer);
            Assert.True(Same(moco.MemoryBank.Keys, bank.Keys));
        }
    }

    /// <summary>Bitwise equality: same shape and every element equal.</summary>
    private static bool Same(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        return a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
    }

    private sealed class SynchronousProgress(Action<PretrainingProgress> onReport) : IProgress<PretrainingProgress>
    {
        public void Report(PretrainingProgress value) => onReport(value);
    }
}
