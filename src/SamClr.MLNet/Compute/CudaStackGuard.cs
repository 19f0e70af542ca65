namespace SamClr.MLNet.Compute;

/// <summary>
/// Keeps ONNX Runtime's CUDA provider and TorchSharp's CUDA libtorch out of one process. They are two CUDA stacks
/// (ONNX Runtime 1.31's GPU build needs CUDA 13 and cuDNN 9 for CUDA 13; libtorch 2.10 cu12.8 brings CUDA 12.8) that
/// load cuDNN under the same plain file name, so whichever loads it first serves both and the other can fail or run
/// the wrong build. This library's rule: SAM segmentation and TorchSharp training run as separate processes
/// (<c>samclr segment</c> fills the mask store, then <c>samclr pretrain --store</c> reads it), or one side on the CPU.
/// </summary>
/// <remarks>
/// Detection is by this library's own record, not by probing the drivers: TorchSharp counts as on CUDA from the
/// moment <see cref="ComputeDevices.Resolve"/> hands out a CUDA device (libtorch keeps its CUDA context until the
/// process ends), and ONNX Runtime counts while a SAM session on the CUDA provider is open. The ApplyOnnxModel
/// pipelines this library builds (the exported featurizer, kNN classifier and linear probe) are refused a GpuDeviceId while
/// TorchSharp is on CUDA; ML.NET owns their sessions, so they are not counted the other way. CUDA use that bypasses
/// the library (a direct <c>torch.cuda</c> call, an ApplyOnnxModel of one's own) is not seen. The state is process-wide because the CUDA libraries are:
/// <see cref="Process"/> is the one instance the library uses; tests make their own.
/// </remarks>
internal sealed class CudaStackGuard
{
    /// <summary>The advice every refusal gives.</summary>
    public const string Rule =
        "ONNX Runtime's CUDA provider (CUDA 13) and TorchSharp's CUDA libtorch (CUDA 12.8) load cuDNN under the same file " +
        "name and must not share a process. Run SAM segmentation and training as separate processes: `samclr segment` " +
        "first (it fills the mask store), then `samclr pretrain --store` (SamRegionSample reading that store) in a new " +
        "process; or run one of them on the CPU (GpuDeviceId null for ONNX Runtime, ComputeDevice.Cpu for TorchSharp). " +
        "See docs/GPU.md.";

    private int _torchOnCuda;
    private int _onnxRuntimeCudaUsers;

    /// <summary>The guard of this process.</summary>
    public static CudaStackGuard Process { get; } = new();

    /// <summary>Whether TorchSharp was handed a CUDA device in this process.</summary>
    public bool TorchOnCuda => Volatile.Read(ref _torchOnCuda) != 0;

    /// <summary>How many ONNX Runtime users of the CUDA provider are open now.</summary>
    public int OnnxRuntimeCudaUsers => Volatile.Read(ref _onnxRuntimeCudaUsers);

    /// <summary>Throws when TorchSharp already uses CUDA here; <paramref name="what"/> names what wanted ONNX Runtime's CUDA provider.</summary>
    /// <exception cref="InvalidOperationException">Naming the rule and the fix.</exception>
    public void CheckOnnxRuntimeMayUseCuda(string what)
    {
        if (TorchOnCuda)
            throw new InvalidOperationException(
                $"{what} asks for ONNX Runtime's CUDA provider, but TorchSharp already runs on CUDA in this process. {Rule}");
    }

    /// <summary>Throws when ONNX Runtime's CUDA provider is open here; called before TorchSharp gets a CUDA device.</summary>
    /// <exception cref="InvalidOperationException">Naming the rule and the fix.</exception>
    public void CheckTorchMayUseCuda()
    {
        if (OnnxRuntimeCudaUsers > 0)
            throw new InvalidOperationException(
                $"TorchSharp would run on CUDA, but {OnnxRuntimeCudaUsers} ONNX Runtime session(s) on the CUDA provider are open in this process. {Rule}");
    }

    /// <summary>Records that TorchSharp got a CUDA device (after <see cref="CheckTorchMayUseCuda"/>).</summary>
    public void NoteTorchOnCuda() => Interlocked.Exchange(ref _torchOnCuda, 1);

    /// <summary>Records an ONNX Runtime user of the CUDA provider; dispose the result when it closes.</summary>
    public IDisposable NoteOnnxRuntimeCudaUser()
    {
        Interlocked.Increment(ref _onnxRuntimeCudaUsers);
        return new Release(this);
    }

    private sealed class Release(CudaStackGuard guard) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Decrement(ref guard._onnxRuntimeCudaUsers);
        }
    }
}
