using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Opens SAM's ONNX models in ONNX Runtime on the CUDA provider when a GPU device is asked for, else on the CPU,
/// with ML.NET's <c>GpuDeviceId</c> / <c>FallbackToCpu</c> semantics: asking for CUDA where it cannot start (no
/// GPU, no CUDA libraries, or a CPU-only ONNX Runtime) falls back to the CPU when fallback is allowed and throws a
/// clear error otherwise. Immutable and safe to share.
/// </summary>
public sealed class SamSessionFactory
{
    /// <summary>Creates a factory.</summary>
    /// <param name="gpuDeviceId">
    /// CUDA device index, or null (the default, as <c>MLContext.GpuDeviceId</c>) for the CPU provider.
    /// </param>
    /// <param name="fallbackToCpu">
    /// Use the CPU when the CUDA provider cannot start (default false, as <c>MLContext.FallbackToCpu</c>).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="gpuDeviceId"/> is negative.</exception>
    public SamSessionFactory(int? gpuDeviceId = null, bool fallbackToCpu = false)
    {
        if (gpuDeviceId is < 0)
            throw new ArgumentOutOfRangeException(nameof(gpuDeviceId), gpuDeviceId, "A CUDA device index is 0 or more; use null for the CPU.");
        GpuDeviceId = gpuDeviceId;
        FallbackToCpu = fallbackToCpu;
    }

    /// <summary>A factory with <paramref name="mlContext"/>'s <c>GpuDeviceId</c> and <c>FallbackToCpu</c>.</summary>
    public static SamSessionFactory FromMLContext(MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new SamSessionFactory(mlContext.GpuDeviceId, mlContext.FallbackToCpu);
    }

    /// <summary>The CUDA device asked for; null for the CPU.</summary>
    public int? GpuDeviceId { get; }

    /// <summary>Whether a CUDA provider that cannot start falls back to the CPU.</summary>
    public bool FallbackToCpu { get; }

    /// <summary>Opens <paramref name="modelPath"/>; <paramref name="role"/> ("encoder", "decoder") goes into error messages.</summary>
    internal SamOnnxSession Open(string modelPath, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        string fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"The SAM {role} ONNX file '{fullPath}' does not exist; pass the path of an exported SAM {role}.", fullPath);

        if (GpuDeviceId is not int device)
            return new SamOnnxSession(OpenOnCpu(fullPath, role), fullPath, SamExecutionProvider.Cpu, null);

        // A CUDA failure shows either when the provider is appended (provider library or CUDA libraries missing) or
        // when the session starts on the device; a file that does not load on the CPU either is a broken file instead.
        InferenceSession? cpuSession = null;
        OnnxRuntimeException cudaError;
        using (var cudaOptions = new SessionOptions())
        {
            try
            {
                cudaOptions.AppendExecutionProvider_CUDA(device);
                return new SamOnnxSession(new InferenceSession(fullPath, cudaOptions), fullPath, SamExecutionProvider.Cuda, null);
            }
            catch (OnnxRuntimeException error)
            {
                cudaError = error;
                cpuSession = OpenOnCpu(fullPath, role);
            }
        }
        if (!FallbackToCpu)
        {
            cpuSession.Dispose();
            throw new InvalidOperationException(
                $"Could not run the SAM {role} '{fullPath}' on CUDA device {device}: {cudaError.Message} " +
                "Install the CUDA and cuDNN libraries the GPU build of ONNX Runtime needs, pick another device, " +
                "set FallbackToCpu (MLContext.FallbackToCpu) to use the CPU, or leave GpuDeviceId null.", cudaError);
        }
        return new SamOnnxSession(cpuSession, fullPath, SamExecutionProvider.Cpu,
            $"the CUDA execution provider on device {device} could not start: {cudaError.Message}");
    }

    private static InferenceSession OpenOnCpu(string fullPath, string role)
    {
        try
        {
            using var options = new SessionOptions();
            return new InferenceSession(fullPath, options);
        }
        catch (OnnxRuntimeException error)
        {
            throw new InvalidDataException(
                $"ONNX Runtime cannot load the SAM {role} '{fullPath}': {error.Message} Check that the file is a complete ONNX model.", error);
        }
    }
}
