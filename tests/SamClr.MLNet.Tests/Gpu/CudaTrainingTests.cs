using SamClr.MLNet.Compute;
using SamClr.MLNet.Data;
using SamClr.MLNet.Methods;
using SamClr.MLNet.Models;
using SamClr.MLNet.Tests.Training;
using SamClr.MLNet.Tests.Training.Checkpoints;
using SamClr.MLNet.Training;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Gpu;

/// <summary>
/// One training step of each method on CUDA, from the same seed, images and views as the same step on the CPU: every
/// parameter, gradient and buffer must live on the GPU, the loss must be computed there, and it must equal the CPU's
/// within 1e-3 (relative; TF32 off, so only the order of floating-point sums differs). Skipped, with the reason, where
/// TorchSharp has no CUDA.
/// </summary>
public sealed class CudaTrainingTests
{
    private static readonly Device Gpu = new(DeviceType.CUDA, 0);
    private readonly ImageSet _images = PretrainerTests.BlockImages(count: 8);

    private static PretrainingOptions OneStep() =>
        new() { Epochs = 1, BatchSize = 8, BaseLearningRate = 0.1, Seed = 5, AllowTf32 = false };

    private static SelfSupervisedMethod SwAV(int seed)
    {
        random.manual_seed(seed);
        var views = TinyTraining.MildViews();
        return new SwAVMethod(new SmallCnn(8), views, new ViewAugmentationOptions { OutputSize = 8, MinScale = 0.2, ColorJitterStrength = 0.2, BlurProbability = 0 },
            globalViewCount: 2, localViewCount: 2, prototypeCount: 8, hiddenDimension: 32, outputDimension: 16);
    }

    /// <summary>Two region boxes per image (its left and right halves), as SamRegionSample would give.</summary>
    private RegionBoxSource HalvesAsRegions() => new(
        _images.Sizes.Select(s => (IReadOnlyList<CropBox>)[new CropBox(0, 0, s.Width / 2, s.Height), new CropBox(s.Width / 2, 0, s.Width, s.Height)]).ToList(),
        _images.Sizes);

    [CudaFact]
    public void SimClrStepRunsOnTheGpuWithTheCpuLoss() => CompareOneStep(ResumeTests.SimClr, new WholeImageBoxSource(_images));

    [CudaFact]
    public void SamClrStepWithRegionViewsRunsOnTheGpuWithTheCpuLoss() => CompareOneStep(ResumeTests.SimClr, HalvesAsRegions());

    [CudaFact]
    public void MoCoStepRunsOnTheGpuWithTheCpuLoss() => CompareOneStep(ResumeTests.MoCo, new WholeImageBoxSource(_images));

    [CudaFact]
    public void DinoStepRunsOnTheGpuWithTheCpuLoss() => CompareOneStep(ResumeTests.Dino, new WholeImageBoxSource(_images));

    [CudaFact]
    public void SwAVStepRunsOnTheGpuWithTheCpuLoss() => CompareOneStep(SwAV, new WholeImageBoxSource(_images));

    [CudaFact]
    public void AutoPicksTheGpuAndTrainingTurnsTf32On()
    {
        var selection = ComputeDevices.Select(ComputeDevice.Auto);
        Assert.Equal(DeviceType.CUDA, selection.Device.type);
        Assert.Equal(CudaAvailability.Available, selection.Cuda);
        Assert.Equal("cuda:0", selection.Description);
        Assert.Contains("visible", Assert.Throws<InvalidOperationException>(() => ComputeDevices.Select(ComputeDevice.Cuda, cuda.device_count())).Message);

        torch.backends.cuda.matmul.allow_tf32 = false;
        using var method = ResumeTests.SimClr(1);
        method.to(Gpu);
        Pretrainer.Train(method, _images, new WholeImageBoxSource(_images), new PretrainingOptions { Epochs = 1, BatchSize = 8 }, Gpu);
        Assert.True(torch.backends.cuda.matmul.allow_tf32);
        Assert.True(torch.backends.cudnn.allow_tf32);
    }

    private void CompareOneStep(Func<int, SelfSupervisedMethod> create, IViewBoxSource boxes)
    {
        float cpuLoss;
        using (var onCpu = create(7))
            cpuLoss = Pretrainer.Train(onCpu, _images, boxes, OneStep(), CPU).StepLosses.Single();

        using var method = create(7);
        method.to(Gpu);
        float gpuLoss = Pretrainer.Train(method, _images, boxes, OneStep(), Gpu).StepLosses.Single();

        foreach (var (name, parameter) in method.named_parameters())
        {
            Assert.True(parameter.device_type == DeviceType.CUDA, $"Parameter '{name}' is on {parameter.device}.");
            if (parameter.grad is { } grad) Assert.True(grad.device_type == DeviceType.CUDA, $"The gradient of '{name}' is on {grad.device}.");
        }
        foreach (var (name, buffer) in method.named_buffers())
            Assert.True(buffer.device_type == DeviceType.CUDA, $"Buffer '{name}' is on {buffer.device}.");
        Assert.True(float.IsFinite(gpuLoss));
        Assert.True(Math.Abs(gpuLoss - cpuLoss) <= 1e-3 * Math.Max(1, Math.Abs(cpuLoss)), $"Loss on CUDA {gpuLoss}, on the CPU {cpuLoss}.");
        Assert.Equal(DeviceType.CUDA, LossDevice(method));
    }

    /// <summary>Where the loss of one batch is computed: one view per entry of the method's plan, made on the GPU.</summary>
    private static DeviceType LossDevice(SelfSupervisedMethod method)
    {
        using var scope = NewDisposeScope();
        method.train();
        var views = method.ViewPlan.Select(v => rand(8, 3, v.OutputSize, v.OutputSize, device: Gpu)).ToList();
        return method.TrainingLoss(views).device_type;
    }
}
