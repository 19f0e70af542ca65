using SamClr.MLNet.Compute;
using SamClr.MLNet.Training;
using TorchSharp;
using Xunit;

namespace SamClr.MLNet.Tests.Training;

/// <summary>
/// Device selection and its explanations. The probe is checked against the native files this test run was built
/// with; the expectations for a machine without CUDA run here, those for a GPU machine in Gpu/CudaTrainingTests.
/// </summary>
public class ComputeDeviceTests
{
    /// <summary>Whether the native files next to the tests include libtorch's CUDA library (a -p:TorchBackend=cuda build).</summary>
    private static bool BuiltWithCudaLibTorch() =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "libtorch_cuda.so", SearchOption.AllDirectories).Any();

    [Fact]
    public void ProbeTellsTheCpuBuildFromAMissingGpu()
    {
        // The lookup that decides the expectation must see libtorch's files at all: the CPU library is in every build.
        Assert.NotEmpty(Directory.EnumerateFiles(AppContext.BaseDirectory, "libtorch*.so", SearchOption.AllDirectories));
        var expected = torch.cuda.is_available() ? CudaAvailability.Available
            : BuiltWithCudaLibTorch() ? CudaAvailability.NoDeviceVisible : CudaAvailability.NoCudaLibTorch;
        Assert.Equal(expected, CudaProbe.Check());
    }

    [Fact]
    public void ExplanationsNameTheMissingPartAndTheFix()
    {
        Assert.Null(CudaProbe.Explain(CudaAvailability.Available));
        string noLibTorch = CudaProbe.Explain(CudaAvailability.NoCudaLibTorch)!;
        Assert.Contains("CPU libtorch", noLibTorch);
        Assert.Contains("-p:TorchBackend=cuda", noLibTorch);
        string noDevice = CudaProbe.Explain(CudaAvailability.NoDeviceVisible)!;
        Assert.Contains("sees no GPU", noDevice);
        Assert.Contains("570.26", noDevice);
        Assert.Contains("CUDA_VISIBLE_DEVICES", noDevice);
        Assert.Throws<ArgumentOutOfRangeException>(() => CudaProbe.Explain((CudaAvailability)7));
    }

    [Fact]
    public void CpuIsCpuWhateverTheMachine()
    {
        var selection = ComputeDevices.Select(ComputeDevice.Cpu);
        Assert.Equal(DeviceType.CPU, selection.Device.type);
        Assert.Equal("cpu (requested)", selection.Description);
        Assert.Equal(ComputeDevice.Cpu, selection.Requested);
    }

    [Fact]
    public void WithoutCudaAutoFallsBackSayingWhyAndCudaFailsSayingWhy()
    {
        var availability = CudaProbe.Check();
        if (availability == CudaAvailability.Available) return; // the GPU side: CudaTrainingTests.AutoPicksTheGpuAndTrainingTurnsTf32On
        string reason = CudaProbe.Explain(availability)!;

        var auto = ComputeDevices.Select(ComputeDevice.Auto);
        Assert.Equal(DeviceType.CPU, auto.Device.type);
        Assert.Equal(availability, auto.Cuda);
        Assert.Equal($"cpu (CUDA not used: {reason})", auto.Description);
        Assert.Equal(DeviceType.CPU, ComputeDevices.Resolve(ComputeDevice.Auto).type);

        var error = Assert.Throws<InvalidOperationException>(() => ComputeDevices.Select(ComputeDevice.Cuda));
        Assert.Contains(reason, error.Message);
        Assert.Contains("--device auto|cpu", error.Message);
    }

    [Fact]
    public void Tf32SwitchesChangeOnlyForCuda()
    {
        bool matmul = torch.backends.cuda.matmul.allow_tf32, cudnn = torch.backends.cudnn.allow_tf32;
        try
        {
            torch.backends.cuda.matmul.allow_tf32 = false;
            torch.backends.cudnn.allow_tf32 = false;
            CudaMathSettings.Apply(torch.CPU, allowTf32: true);
            Assert.False(torch.backends.cuda.matmul.allow_tf32);
            Assert.False(torch.backends.cudnn.allow_tf32);

            // libtorch keeps these flags in its global context even in the CPU build, so the CUDA path is checked here too.
            var gpu = new torch.Device(DeviceType.CUDA, 0);
            CudaMathSettings.Apply(gpu, allowTf32: true);
            Assert.True(torch.backends.cuda.matmul.allow_tf32);
            Assert.True(torch.backends.cudnn.allow_tf32);
            CudaMathSettings.Apply(gpu, allowTf32: false);
            Assert.False(torch.backends.cuda.matmul.allow_tf32);
            Assert.False(torch.backends.cudnn.allow_tf32);
        }
        finally
        {
            torch.backends.cuda.matmul.allow_tf32 = matmul;
            torch.backends.cudnn.allow_tf32 = cudnn;
        }
    }

    [Fact]
    public void Tf32IsOnByDefaultAndNotPartOfACheckpointsIdentity()
    {
        Assert.True(new PretrainingOptions().AllowTf32);
        Assert.Equal(SamClr.MLNet.Training.Checkpoints.TrainingCheckpoint.OptionsHash(new PretrainingOptions()),
            SamClr.MLNet.Training.Checkpoints.TrainingCheckpoint.OptionsHash(new PretrainingOptions { AllowTf32 = false }));
    }
}
