using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using SamClr.MLNet.Compute;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Opens SAM's ONNX models in ONNX Runtime on the CUDA provider when a GPU device is asked for, else on the CPU,
/// with ML.NET's <c>GpuDeviceId</c> / <c>FallbackToCpu</c> semantics: asking for CUDA where it cannot start (no
/// GPU, no CUDA libraries, no cuDNN, or a CPU-only ONNX Runtime) falls back to the CPU when fallback is allowed and
/// throws a clear error otherwise. Immutable and safe to share.
/// </summary>
/// <remarks>
/// <para>On CUDA the provider is configured, not defaulted: cuDNN picks convolution algorithms by
/// <see cref="ConvAlgorithmSearch"/> (heuristic by default, where ONNX Runtime benchmarks every algorithm), ONNX
/// Runtime's device memory arena is capped at <see cref="GpuMemoryLimitBytes"/> when set, and every model makes one
/// warm-up run on zeros before the CUDA-or-CPU decision is final, so a missing or mismatched cuDNN shows up there
/// (and falls back) instead of at the first real run. On the CPU nothing of this applies: sessions are opened with
/// ONNX Runtime's defaults and no warm-up, as before.</para>
/// <para>ONNX Runtime's CUDA provider is refused while TorchSharp runs on CUDA in the same process (see
/// <c>docs/GPU.md</c>): run <c>samclr segment</c> and <c>samclr pretrain --store</c> as separate processes.</para>
/// </remarks>
public sealed class SamSessionFactory
{
    private readonly CudaStackGuard _guard;

    /// <summary>Creates a factory.</summary>
    /// <param name="gpuDeviceId">
    /// CUDA device index, or null (the default, as <c>MLContext.GpuDeviceId</c>) for the CPU provider.
    /// </param>
    /// <param name="fallbackToCpu">
    /// Use the CPU when the CUDA provider cannot start (default false, as <c>MLContext.FallbackToCpu</c>).
    /// </param>
    /// <param name="gpuMemoryLimitBytes">
    /// Cap on ONNX Runtime's CUDA memory arena per session (its <c>gpu_mem_limit</c>); null (the default) for no cap.
    /// Useful when another process trains on the same GPU.
    /// </param>
    /// <param name="convAlgorithmSearch">How cuDNN picks convolution algorithms (default <see cref="SamConvAlgorithmSearch.Heuristic"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="gpuDeviceId"/> is negative or the memory limit is not positive.</exception>
    public SamSessionFactory(int? gpuDeviceId = null, bool fallbackToCpu = false, long? gpuMemoryLimitBytes = null,
        SamConvAlgorithmSearch convAlgorithmSearch = SamConvAlgorithmSearch.Heuristic)
        : this(gpuDeviceId, fallbackToCpu, gpuMemoryLimitBytes, convAlgorithmSearch, CudaStackGuard.Process)
    {
    }

    internal SamSessionFactory(int? gpuDeviceId, bool fallbackToCpu, long? gpuMemoryLimitBytes,
        SamConvAlgorithmSearch convAlgorithmSearch, CudaStackGuard guard)
    {
        if (gpuDeviceId is < 0)
            throw new ArgumentOutOfRangeException(nameof(gpuDeviceId), gpuDeviceId, "A CUDA device index is 0 or more; use null for the CPU.");
        if (gpuMemoryLimitBytes is <= 0)
            throw new ArgumentOutOfRangeException(nameof(gpuMemoryLimitBytes), gpuMemoryLimitBytes, "The GPU memory limit is a positive number of bytes; use null for no limit.");
        if (!Enum.IsDefined(convAlgorithmSearch))
            throw new ArgumentOutOfRangeException(nameof(convAlgorithmSearch), convAlgorithmSearch, "Unknown cuDNN algorithm search.");
        GpuDeviceId = gpuDeviceId;
        FallbackToCpu = fallbackToCpu;
        GpuMemoryLimitBytes = gpuMemoryLimitBytes;
        ConvAlgorithmSearch = convAlgorithmSearch;
        _guard = guard;
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

    /// <summary>The cap on ONNX Runtime's CUDA memory arena per session, in bytes; null for none.</summary>
    public long? GpuMemoryLimitBytes { get; }

    /// <summary>How cuDNN picks convolution algorithms on CUDA.</summary>
    public SamConvAlgorithmSearch ConvAlgorithmSearch { get; }

    /// <summary>
    /// The CUDA provider settings passed to ONNX Runtime: <c>device_id</c>, <c>cudnn_conv_algo_search</c> and, when
    /// set, <c>gpu_mem_limit</c>; empty for the CPU.
    /// </summary>
    public IReadOnlyDictionary<string, string> CudaProviderSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (GpuDeviceId is not int device) return settings;
        settings["device_id"] = device.ToString(CultureInfo.InvariantCulture);
        settings["cudnn_conv_algo_search"] = ConvAlgorithmSearch.ToString().ToUpperInvariant();
        if (GpuMemoryLimitBytes is long limit) settings["gpu_mem_limit"] = limit.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    /// <summary>
    /// Opens <paramref name="modelPath"/>; <paramref name="role"/> ("encoder", "decoder") goes into error messages. A
    /// CUDA session is final only after <see cref="ConfirmOnDevice"/>.
    /// </summary>
    internal SamOnnxSession Open(string modelPath, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        string fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"The SAM {role} ONNX file '{fullPath}' does not exist; pass the path of an exported SAM {role}.", fullPath);

        if (GpuDeviceId is not int device)
            return new SamOnnxSession(OpenOnCpu(fullPath, role), fullPath, SamExecutionProvider.Cpu, null);

        _guard.CheckOnnxRuntimeMayUseCuda($"The SAM {role} '{fullPath}' (GpuDeviceId {device})");
        // A CUDA failure shows either when the provider is appended (provider library or CUDA libraries missing) or
        // when the session starts on the device; a file that does not load on the CPU either is a broken file instead.
        try
        {
            using var cudaOptions = new SessionOptions();
            using var providerOptions = new OrtCUDAProviderOptions();
            providerOptions.UpdateOptions(new Dictionary<string, string>(CudaProviderSettings()));
            cudaOptions.AppendExecutionProvider_CUDA(providerOptions);
            return new SamOnnxSession(new InferenceSession(fullPath, cudaOptions), fullPath, SamExecutionProvider.Cuda, null, _guard.NoteOnnxRuntimeCudaUser());
        }
        catch (OnnxRuntimeException error)
        {
            return FallBack(fullPath, role, device, error);
        }
    }

    /// <summary>
    /// Makes one warm-up run of a session just opened: on CUDA, a failure there (cuDNN missing or built for another
    /// CUDA) closes the CUDA session and takes the same fallback decision as a provider that cannot start; on the CPU
    /// it does nothing. Returns the session to keep.
    /// </summary>
    /// <param name="session">What <see cref="Open"/> returned.</param>
    /// <param name="role">"encoder" or "decoder", for messages.</param>
    /// <param name="warmUp">One small run through the session the caller holds.</param>
    internal SamOnnxSession ConfirmOnDevice(SamOnnxSession session, string role, Action warmUp)
    {
        if (session.Provider != SamExecutionProvider.Cuda) return session;
        try
        {
            warmUp();
            return session;
        }
        catch (OnnxRuntimeException error)
        {
            session.Dispose();
            return FallBack(session.ModelPath, role, GpuDeviceId!.Value, error, atWarmUp: true);
        }
    }

    private SamOnnxSession FallBack(string fullPath, string role, int device, OnnxRuntimeException cudaError, bool atWarmUp = false)
    {
        var cpuSession = OpenOnCpu(fullPath, role);
        string stage = atWarmUp ? "started, but its warm-up run failed" : "could not start";
        if (!FallbackToCpu)
        {
            cpuSession.Dispose();
            throw new InvalidOperationException(
                $"Could not run the SAM {role} '{fullPath}' on CUDA device {device}: the CUDA provider {stage}: {cudaError.Message} " +
                "Install the CUDA and cuDNN libraries the GPU build of ONNX Runtime needs (docs/GPU.md), pick another device, " +
                "set FallbackToCpu (MLContext.FallbackToCpu) to use the CPU, or leave GpuDeviceId null.", cudaError);
        }
        return new SamOnnxSession(cpuSession, fullPath, SamExecutionProvider.Cpu,
            $"the CUDA execution provider on device {device} {stage}: {cudaError.Message}");
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
