using Microsoft.ML.OnnxRuntime;
using SamClr.MLNet.TinySam;
using Xunit;

namespace SamClr.MLNet.Tests.Gpu;

/// <summary>
/// A fact that runs only where ONNX Runtime's CUDA execution provider starts a session (on the tiny SAM decoder);
/// elsewhere it is reported as skipped with ONNX Runtime's own error (typically the CUDA 13 or cuDNN 9 libraries it
/// needs are not found, or there is no GPU).
/// </summary>
public sealed class OrtCudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            using var options = new SessionOptions();
            options.AppendExecutionProvider_CUDA(0);
            using var session = new InferenceSession(TinySamModels.Decoder(), options);
            return null;
        }
        catch (OnnxRuntimeException error)
        {
            return error.Message.Split('\n', 2)[0].Trim();
        }
    });

    public OrtCudaFactAttribute()
    {
        if (Unavailable.Value is { } reason)
            Skip = $"No CUDA execution provider in ONNX Runtime: {reason} (ONNX Runtime 1.31's needs libcudart.so.13, libcublasLt.so.13, cuDNN 9 for CUDA 13 and a driver of 580 or newer; see docs/GPU.md).";
    }
}
