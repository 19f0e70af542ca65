using Microsoft.ML.OnnxRuntime;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>An open ONNX Runtime session on one SAM model file, with the provider it ended up on.</summary>
internal sealed class SamOnnxSession : IDisposable
{
    private readonly IDisposable? _cudaUse;

    /// <param name="session">The session.</param>
    /// <param name="modelPath">The model's full path.</param>
    /// <param name="provider">Where it runs.</param>
    /// <param name="fallbackReason">Why CUDA was asked for but the CPU is used; null when no fallback happened.</param>
    /// <param name="cudaUse">The record of a CUDA session in <c>CudaStackGuard</c>, released on disposal.</param>
    public SamOnnxSession(InferenceSession session, string modelPath, SamExecutionProvider provider, string? fallbackReason, IDisposable? cudaUse = null)
    {
        Session = session;
        ModelPath = modelPath;
        Provider = provider;
        FallbackReason = fallbackReason;
        _cudaUse = cudaUse;
    }

    public InferenceSession Session { get; }

    public string ModelPath { get; }

    public SamExecutionProvider Provider { get; }

    /// <summary>Why CUDA was asked for but the CPU is used; null when no fallback happened.</summary>
    public string? FallbackReason { get; }

    public void Dispose()
    {
        Session.Dispose();
        _cudaUse?.Dispose();
    }
}
