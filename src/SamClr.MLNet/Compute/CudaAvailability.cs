using System.Runtime.InteropServices;
using TorchSharp;

namespace SamClr.MLNet.Compute;

/// <summary>Whether this process can train on CUDA, and if not, which part is missing.</summary>
public enum CudaAvailability
{
    /// <summary>A CUDA build of libtorch is loaded and sees at least one GPU.</summary>
    Available,

    /// <summary>
    /// The loaded libtorch is the CPU build: the application was built without <c>-p:TorchBackend=cuda</c>, so no
    /// <c>libtorch-cuda-12.8-linux-x64</c> is next to it (docs/GPU.md).
    /// </summary>
    NoCudaLibTorch,

    /// <summary>
    /// The CUDA build of libtorch is loaded but sees no GPU: no NVIDIA driver, a driver older than CUDA 12.8 needs, or no
    /// device visible to the process (<c>CUDA_VISIBLE_DEVICES</c>, a container started without GPUs).
    /// </summary>
    NoDeviceVisible,
}

/// <summary>Finds out <see cref="CudaAvailability"/> the way TorchSharp itself loads its native backend.</summary>
internal static class CudaProbe
{
    /// <summary>
    /// Asks TorchSharp (<c>torch.cuda.is_available()</c>, which loads the CUDA backend when the application has one),
    /// and when it says no, whether libtorch's CUDA library (<c>libtorch_cuda.so</c>) can be loaded from where TorchSharp
    /// loads it: the native files the application was built with.
    /// </summary>
    public static CudaAvailability Check()
    {
        if (torch.cuda.is_available()) return CudaAvailability.Available;
        return CudaLibTorchLoads() ? CudaAvailability.NoDeviceVisible : CudaAvailability.NoCudaLibTorch;
    }

    /// <summary>One sentence on why CUDA is not used, with what to do; null when it is available.</summary>
    public static string? Explain(CudaAvailability availability) => availability switch
    {
        CudaAvailability.Available => null,
        CudaAvailability.NoCudaLibTorch =>
            "this build has the CPU libtorch (libtorch-cpu-linux-x64); for GPU training build with -p:TorchBackend=cuda (docs/GPU.md)",
        CudaAvailability.NoDeviceVisible =>
            "the CUDA libtorch is loaded but sees no GPU; check nvidia-smi, a driver of 570.26 or newer (CUDA 12.8), " +
            $"CUDA_VISIBLE_DEVICES ({Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") ?? "not set"}) and that the container was started with GPUs (docker run --gpus all)",
        _ => throw new ArgumentOutOfRangeException(nameof(availability), availability, "Unknown availability."),
    };

    // TorchSharp loads "torch_cuda" by name relative to its own assembly before LibTorchSharp when it initialises CUDA; the
    // same call tells whether that library is there (already loaded in a CUDA build, so this only takes a reference).
    private static bool CudaLibTorchLoads() =>
        NativeLibrary.TryLoad("torch_cuda", typeof(torch).Assembly, null, out _);
}
