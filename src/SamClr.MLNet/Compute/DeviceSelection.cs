using TorchSharp;

namespace SamClr.MLNet.Compute;

/// <summary>The device a <see cref="ComputeDevice"/> choice resolved to, and why it is not CUDA when it is not.</summary>
public sealed class DeviceSelection
{
    internal DeviceSelection(ComputeDevice requested, torch.Device device, CudaAvailability cuda)
    {
        Requested = requested;
        Device = device;
        Cuda = cuda;
    }

    /// <summary>What was asked for.</summary>
    public ComputeDevice Requested { get; }

    /// <summary>The TorchSharp device training and featurization run on.</summary>
    public torch.Device Device { get; }

    /// <summary>What <see cref="CudaProbe.Check"/> found (<see cref="CudaAvailability.Available"/> whenever <see cref="Device"/> is CUDA).</summary>
    public CudaAvailability Cuda { get; }

    /// <summary>
    /// One line for logs and consoles: "cuda:0", "cpu (requested)", or "cpu (CUDA not used: REASON)" with what
    /// <see cref="CudaProbe.Explain"/> says.
    /// </summary>
    public string Description => Device.type == DeviceType.CUDA
        ? $"cuda:{Device.index}"
        : Requested == ComputeDevice.Cpu ? "cpu (requested)" : $"cpu (CUDA not used: {CudaProbe.Explain(Cuda)})";

    /// <inheritdoc cref="Description"/>
    public override string ToString() => Description;
}
