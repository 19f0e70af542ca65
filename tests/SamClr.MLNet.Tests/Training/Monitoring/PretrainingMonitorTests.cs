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
    private static (SimClrMethod Method, PretrainingOptions Options) TinySetup(int epochs)
    {
        torch.random.manual_seed(3);
        var views = new ViewAugmentationOptions { OutputSize = 16, MinScale = 0.5, ColorJitterStrength = 0.2, BlurProbability = 0 };
        var method = new SimClrMethod(new SmallCnn(8), views, 0.5, 32, 16);
        var options = new PretrainingOptions { Epochs = epochs, BatchSize = 8, BaseLearningRate = 0.1, Seed = 5, Device = ComputeDevice.Cpu };
        return (method, options);
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
        float[] Run(IPretrainingMonitor? monitor)
        {
            var (method, options) = TinySetup(epochs: 3);
            options.Monitor = monitor;
            options.MonitorEveryEpochs = monitor is null ? 0 : 1;
            using (method) return Pretrainer.Train(method, images, new WholeImageBoxSource(images), options, torch.CPU).StepLosses.ToArray();
        }
        var labelled = SamClr.MLNet.Data.SyntheticSceneGenerator.GenerateObjects(12, 16, 4);
        var knn = new KnnMonitor("SimCLR", labelled, labelled, 16);
        Assert.Equal(Run(null), Run(knn));
        Assert.Equal(3, knn.Curve.Points.Count);
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
