using TorchSharp;

namespace SamClr.MLNet.Training;

/// <summary>Where pre-training and featurization run.</summary>
public enum ComputeDevice
{
    /// <summary>CUDA when TorchSharp reports an available GPU, the CPU otherwise (the default).</summary>
    Auto,

    /// <summary>Always the CPU.</summary>
    Cpu,

    /// <summary>The CUDA GPU; fails with a clear error when the CUDA backend or a GPU is missing.</summary>
    Cuda,
}

/// <summary>Turns a <see cref="ComputeDevice"/> choice into a TorchSharp device.</summary>
public static class ComputeDevices
{
    /// <summary>
    /// Resolves <paramref name="choice"/>: Auto picks CUDA only when <c>torch.cuda.is_available()</c>;
    /// Cuda throws <see cref="InvalidOperationException"/> when no GPU is usable. Both throw while ONNX Runtime's CUDA
    /// provider is open in this process (SAM on the GPU): the two CUDA stacks must run as separate processes
    /// (<see cref="CudaStackGuard"/>).
    /// </summary>
    /// <param name="choice">The requested device.</param>
    /// <param name="gpuDeviceId">CUDA device index (MLContext.GpuDeviceId when set, else 0).</param>
    public static torch.Device Resolve(ComputeDevice choice, int gpuDeviceId = 0)
    {
        bool cuda = choice != ComputeDevice.Cpu && torch.cuda.is_available();
        if (cuda) CudaStackGuard.Process.CheckTorchMayUseCuda();
        var device = choice switch
        {
            ComputeDevice.Cpu => torch.CPU,
            ComputeDevice.Auto => cuda ? new torch.Device(DeviceType.CUDA, gpuDeviceId) : torch.CPU,
            ComputeDevice.Cuda when cuda => new torch.Device(DeviceType.CUDA, gpuDeviceId),
            ComputeDevice.Cuda => throw new InvalidOperationException(
                "Device Cuda was requested but TorchSharp sees no CUDA GPU. The default build uses the CPU libtorch; " +
                "build with a libtorch-cuda backend package (see README, 'GPU') or choose ComputeDevice.Auto or Cpu."),
            _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown device."),
        };
        if (device.type == DeviceType.CUDA) CudaStackGuard.Process.NoteTorchOnCuda();
        return device;
    }
}
