using TorchSharp;

namespace SamClr.MLNet.Compute;

/// <summary>libtorch's process-wide CUDA math switches that the pre-training options control (<c>PretrainingOptions.AllowTf32</c>).</summary>
internal static class CudaMathSettings
{
    /// <summary>
    /// On a CUDA <paramref name="device"/>, lets (or forbids) TensorFloat-32 in cuBLAS matrix multiplications and cuDNN
    /// convolutions: <c>torch.backends.cuda.matmul.allow_tf32</c> and <c>torch.backends.cudnn.allow_tf32</c>. On the CPU
    /// nothing changes (TF32 exists only on NVIDIA GPUs from Ampere on).
    /// </summary>
    public static void Apply(torch.Device device, bool allowTf32)
    {
        if (device.type != DeviceType.CUDA) return;
        torch.backends.cuda.matmul.allow_tf32 = allowTf32;
        torch.backends.cudnn.allow_tf32 = allowTf32;
    }
}
