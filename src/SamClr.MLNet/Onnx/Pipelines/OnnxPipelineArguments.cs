using Microsoft.ML;
using SamClr.MLNet.Compute;

namespace SamClr.MLNet.Onnx.Pipelines;

/// <summary>The checks every ONNX pipeline builder makes before it writes a graph.</summary>
internal static class OnnxPipelineArguments
{
    /// <summary>
    /// Fails on a null context or model or an empty path, and, when <paramref name="ml"/> asks ApplyOnnxModel for CUDA,
    /// on a process whose libtorch already holds CUDA (<see cref="CudaStackGuard"/>): the two CUDA stacks cannot share a
    /// process, and the failure would otherwise come later, from inside ONNX Runtime.
    /// </summary>
    /// <param name="ml">The context whose <see cref="MLContext.GpuDeviceId"/> ApplyOnnxModel will use.</param>
    /// <param name="model">The model to export.</param>
    /// <param name="onnxPath">Where the graph goes.</param>
    /// <param name="description">What the graph is, for the message (for example "The kNN classifier").</param>
    public static void Check(MLContext ml, object model, string onnxPath, string description)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentException.ThrowIfNullOrEmpty(onnxPath);
        if (ml.GpuDeviceId is int device)
            CudaStackGuard.Process.CheckOnnxRuntimeMayUseCuda($"{description} '{onnxPath}' (MLContext.GpuDeviceId {device})");
    }
}
