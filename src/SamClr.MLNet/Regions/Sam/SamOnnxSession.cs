using Microsoft.ML.OnnxRuntime;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>An open ONNX Runtime session on one SAM model file, with the provider it ended up on.</summary>
internal sealed class SamOnnxSession : IDisposable
{
    public SamOnnxSession(InferenceSession session, string modelPath, SamExecutionProvider provider, string? fallbackReason)
    {
        Session = session;
        ModelPath = modelPath;
        Provider = provider;
        FallbackReason = fallbackReason;
    }

    public InferenceSession Session { get; }

    public string ModelPath { get; }

    public SamExecutionProvider Provider { get; }

    /// <summary>Why CUDA was asked for but the CPU is used; null when no fallback happened.</summary>
    public string? FallbackReason { get; }

    public void Dispose() => Session.Dispose();
}
