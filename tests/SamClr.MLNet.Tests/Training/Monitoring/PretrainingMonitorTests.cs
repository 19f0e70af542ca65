using SamClr.MLNet.Compute;
using SamClr.MLNet.Evaluation;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Training;
using SamClr.MLNet.Training.Monitoring;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Training.Monitoring;

public class PretrainingMonitorTests
{
    private static SimClrMethod TinyMethod() =>
        new(new SmallCnn(8), TinyTraining.MildViews(), 0.5, 32, 16);

    private static (SimClrMethod Method, PretrainingOptions Options) TinySetup(int epochs) => (TinyMethod(), TinyTraining.Loop(epochs));

    /// <summary>Methods with identical weights, without relying on torch's global seed (tests run in parallel).</summary>
    private static SimClrMethod[] IdenticalMethods(int count)
    {
        var methods = Enumerable.Range(0, count).Select(_ => TinyMethod()).ToArray();
        using (torch.no_grad())
            foreach (var method in methods.Skip(1))
            {
                var target = method.state_dict();
                foreach (var (name, tensor) in methods[0].state_dict()) target[name].copy_(tensor);
            }
        return methods;
    }

    [Fact]
    public void MonitorIsCalledEveryNthEpochAndAfterTheLast()
    {
        var images = PretrainerTests.BlockImages();
        var (method, options) = TinySetup(epochs: 5);
        var monitor = new RecordingMonitor();
        options.MonitorEveryEpochs = 2;
        options.Monitor = monitor;
        var trainingModeAtStep = new List<bool>();
        using (method)
        {
            var progress = new SynchronousProgress(_ => trainingModeAtStep.Add(method.Backbone.training));
            Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU, progress);
        }
        Assert.Equal(new[] { (2, 4), (4, 8), (5, 10) }, monitor.Calls.Select(c => (c.Epoch, c.Step)).ToArray());
        Assert.All(monitor.Calls, c => Assert.False(c.Training));
        Assert.All(monitor.Calls, c => Assert.False(c.GradEnabled));
        // Every step, including those after a monitored epoch, trains in training mode.
        Assert.Equal(Enumerable.Repeat(true, 10), trainingModeAtStep);
    }

    [Fact]
    public void MonitorDoesNotChangeTheLosses()
    {
        var images = PretrainerTests.BlockImages();
        var methods = IdenticalMethods(2);
        float[] Run(SimClrMethod method, IPretrainingMonitor? monitor)
        {
            var options = TinyTraining.Loop(epochs: 3);
            options.Monitor = monitor;
            options.MonitorEveryEpochs = monitor is null ? 0 : 1;
            using (method) return Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU).StepLosses.ToArray();
        }
        var labelled = SamClr.MLNet.Scenes.SyntheticSceneGenerator.GenerateObjects(12, 16, 4);
        var knn = new KnnMonitor("SimCLR", labelled, labelled, 16);
        Assert.Equal(Run(methods[0], null), Run(methods[1], knn));
        Assert.Equal(3, knn.Curve.Points.Count);
    }

    [Fact]
    public void ResumedRunWithAMonitorMatchesAnUninterruptedOne()
    {
        var images = PretrainerTests.BlockImages();
        var boxes = new WholeImageBoxSource(images);
        string directory = Directory.CreateTempSubdirectory("samclr-monitor-resume-").FullName;
        var methods = IdenticalMethods(3);
        try
        {
            PretrainingOptions Loop(IPretrainingMonitor monitor)
            {
                var options = TinyTraining.Loop(epochs: 3);
                options.Monitor = monitor;
                options.MonitorEveryEpochs = 1;
                options.CheckpointDirectory = directory;
                return options;
            }
            var reference = Pretrainer.Train(methods[0], images, boxes, TinyTraining.Loop(epochs: 3), torch.CPU);

            var before = new RecordingMonitor();
            using var cts = new CancellationTokenSource();
            var cancelAfter3 = new SynchronousProgress(p => { if (p.Step == 3) cts.Cancel(); });
            Assert.Throws<OperationCanceledException>(() => Pretrainer.Train(methods[1], images, boxes, Loop(before), torch.CPU, cancelAfter3, cancellation: cts.Token));

            var after = new RecordingMonitor();
            var resume = Loop(after);
            resume.ResumeFrom = directory;
            var resumed = Pretrainer.Train(methods[2], images, boxes, resume, torch.CPU);

            Assert.Equal(reference.StepLosses, resumed.StepLosses);
            Assert.Equal(new[] { (1, 2) }, before.Calls.Select(c => (c.Epoch, c.Step)).ToArray());
            Assert.Equal(new[] { (2, 4), (3, 6) }, after.Calls.Select(c => (c.Epoch, c.Step)).ToArray());
        }
        finally
        {
            foreach (var method in methods) method.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void MonitorIntervalWithoutMonitorIsRejected()
    {
        var options = new PretrainingOptions { MonitorEveryEpochs = 2 };
        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(nameof(PretrainingOptions.Monitor), error.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(new PretrainingOptions { MonitorEveryEpochs = -1 }.Validate);
    }

    private sealed class SynchronousProgress(Action<PretrainingProgress> onReport) : IProgress<PretrainingProgress>
    {
        public void Report(PretrainingProgress value) => onReport(value);
    }

    private sealed class RecordingMonitor : IPretrainingMonitor
    {
        public List<(int Epoch, int Step, bool Training, bool GradEnabled)> Calls { get; } = new();

        public void OnEpochEnd(Backbone backbone, torch.Device device, int epoch, int step, TimeSpan elapsed) =>
            Calls.Add((epoch, step, backbone.training, torch.is_grad_enabled()));
    }
}
