namespace SamClr.MLNet.Regions.Sam;

/// <summary>How cuDNN picks convolution algorithms in ONNX Runtime's CUDA provider (its <c>cudnn_conv_algo_search</c>).</summary>
public enum SamConvAlgorithmSearch
{
    /// <summary>cuDNN's heuristics pick at once, with no benchmarking (ONNX Runtime's <c>HEURISTIC</c>; this library's default).</summary>
    Heuristic,

    /// <summary>
    /// Benchmark every algorithm on the first run of each new input shape (ONNX Runtime's default, <c>EXHAUSTIVE</c>):
    /// slow first runs, and SAM's encoder sees a new shape per image size.
    /// </summary>
    Exhaustive,

    /// <summary>cuDNN's default algorithm (ONNX Runtime's <c>DEFAULT</c>).</summary>
    Default,
}
