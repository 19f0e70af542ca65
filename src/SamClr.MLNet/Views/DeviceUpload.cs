using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// The one way host arrays reach the training device in the view path. On CUDA the array is copied into pinned
/// memory and sent with a non-blocking copy, so the host does not wait for the GPU; on the CPU the tensor is used as
/// it is. Every call is counted per thread (<see cref="CountOnThisThread"/>), which is how tests hold the number of
/// host-to-device copies per view to a stated bound.
/// </summary>
internal static class DeviceUpload
{
    [ThreadStatic] private static long t_count;

    /// <summary>Uploads made by the calling thread since it started.</summary>
    internal static long CountOnThisThread => t_count;

    /// <summary>Bytes as a uint8 tensor of <paramref name="shape"/> on <paramref name="device"/>.</summary>
    internal static Tensor Bytes(byte[] data, long[] shape, Device device) => Upload(tensor(data, shape, ScalarType.Byte), device);

    /// <summary>Floats as a float32 tensor of <paramref name="shape"/> on <paramref name="device"/>.</summary>
    internal static Tensor Floats(float[] data, long[] shape, Device device) => Upload(tensor(data, shape, ScalarType.Float32), device);

    private static Tensor Upload(Tensor host, Device device)
    {
        t_count++;
        if (device.type == DeviceType.CPU) return host;
        using var pinned = host.pin_memory();
        host.Dispose();
        return pinned.to(device, non_blocking: true);
    }
}
