namespace SamClr.MLNet.Regions.Sam;

/// <summary>The ONNX Runtime execution provider a SAM model runs on.</summary>
public enum SamExecutionProvider
{
    /// <summary>ONNX Runtime's CPU provider (works on every machine).</summary>
    Cpu,

    /// <summary>ONNX Runtime's CUDA provider (needs the GPU build of ONNX Runtime and CUDA libraries).</summary>
    Cuda,
}
