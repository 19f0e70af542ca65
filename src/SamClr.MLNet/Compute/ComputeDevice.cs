using TorchSharp;

namespace SamClr.MLNet.Compute;

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
    /// <summary>The device <see cref="Select"/> picks.</summary>
    /// <inheritdoc cref="Select"/>
    public static torch.Device Resolve(ComputeDevice choice, int gpuDeviceId = 0) => Select(choice, gpuDeviceId).Device;

    /// <summary>
    /// Resolves <paramref name="choice"/>: Auto picks CUDA only when <c>torch.cuda.is_available()</c>, and otherwise says
    /// why not (<see cref="DeviceSelection.Cuda"/>: no CUDA libtorch in this build, or no GPU visible to it). CUDA is
    /// refused while ONNX Runtime's CUDA provider is open in this process (SAM on the GPU): the two CUDA stacks must run
    /// as separate processes (<see cref="CudaStackGuard"/>).
    /// </summary>
    /// <param name="choice">The requested device.</param>
    /// <param name="gpuDeviceId">CUDA device index (MLContext.GpuDeviceId when set, else 0).</param>
    /// <exception cref="InvalidOperationException">
    /// Cuda was requested and CUDA is not available (the message gives the reason and the fix), or
    /// <paramref name="gpuDeviceId"/> is not one of the visible GPUs.
    /// </exception>
    public static DeviceSelection Select(ComputeDevice choice, int gpuDeviceId = 0)
    {
        if (!Enum.IsDefined(choice)) throw new ArgumentOutOfRangeException(nameof(choice), choice, "Unknown device.");
        var cuda = CudaProbe.Check();
        if (choice == ComputeDevice.Cpu) return new DeviceSelection(choice, torch.CPU, cuda);
        if (cuda != CudaAvailability.Available)
        {
            if (choice == ComputeDevice.Cuda)
                throw new InvalidOperationException(
                    $"Device Cuda was requested but CUDA cannot be used: {CudaProbe.Explain(cuda)}. Choose ComputeDevice.Auto or Cpu (--device auto|cpu) to train on the CPU.");
            return new DeviceSelection(choice, torch.CPU, cuda);
        }
        CudaStackGuard.Process.CheckTorchMayUseCuda();
        int count = torch.cuda.device_count();
        if (gpuDeviceId < 0 || gpuDeviceId >= count)
            throw new InvalidOperationException(
                $"CUDA device {gpuDeviceId} was requested (MLContext.GpuDeviceId) but {count} GPU(s) are visible: use an index from 0 to {count - 1}.");
        CudaStackGuard.Process.NoteTorchOnCuda();
        return new DeviceSelection(choice, new torch.Device(DeviceType.CUDA, gpuDeviceId), cuda);
    }
}
