using Microsoft.ML.OnnxRuntime;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Regions.Sam;
using SamClr.MLNet.TinySam;
using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

/// <summary>
/// The CUDA side of <see cref="SamSessionFactory"/> as far as a machine without a GPU can check it: the provider
/// settings it passes, the decision after a failed warm-up run (exercised with a CPU session labelled CUDA and a real
/// ONNX Runtime failure), and the refusal to share a process with TorchSharp on CUDA.
/// </summary>
public sealed class SamCudaSessionTests : IDisposable
{
    private readonly TinySamFiles _files = new();

    public void Dispose() => _files.Dispose();

    private TinySamModelPaths Paths => _files.Paths;

    [Fact]
    public void CudaSettingsAreHeuristicSearchAndTheMemoryCap()
    {
        var capped = new SamSessionFactory(gpuDeviceId: 1, fallbackToCpu: true, gpuMemoryLimitBytes: 2L << 30);
        Assert.Equal(new Dictionary<string, string>
        {
            ["device_id"] = "1", ["cudnn_conv_algo_search"] = "HEURISTIC", ["gpu_mem_limit"] = "2147483648",
        }, capped.CudaProviderSettings());
        var exhaustive = new SamSessionFactory(gpuDeviceId: 0, convAlgorithmSearch: SamConvAlgorithmSearch.Exhaustive);
        Assert.Equal("EXHAUSTIVE", exhaustive.CudaProviderSettings()["cudnn_conv_algo_search"]);
        Assert.False(exhaustive.CudaProviderSettings().ContainsKey("gpu_mem_limit"));
        Assert.Empty(new SamSessionFactory().CudaProviderSettings());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SamSessionFactory(0, gpuMemoryLimitBytes: 0));
    }

    /// <summary>A CPU session on the tiny decoder, labelled CUDA as a session that started on the device would be.</summary>
    private SamOnnxSession LabelledCuda(CudaStackGuard guard) =>
        new(new InferenceSession(Paths.Decoder), Paths.Decoder, SamExecutionProvider.Cuda, null, guard.NoteOnnxRuntimeCudaUser());

    /// <summary>A real ONNX Runtime failure at Run (a missing input), standing in for "cuDNN not found".</summary>
    private static void FailingRun(SamOnnxSession session)
    {
        using var runOptions = new RunOptions();
        session.Session.Run(runOptions, new Dictionary<string, OrtValue>(), ["masks"]).Dispose();
    }

    [Fact]
    public void AFailedWarmUpFallsBackToTheCpuOrFailsClearly()
    {
        var guard = new CudaStackGuard();
        var lenient = new SamSessionFactory(0, fallbackToCpu: true, null, SamConvAlgorithmSearch.Heuristic, guard);
        var cuda = LabelledCuda(guard);
        Assert.Equal(1, guard.OnnxRuntimeCudaUsers);
        using var kept = lenient.ConfirmOnDevice(cuda, "decoder", () => FailingRun(cuda));
        Assert.Equal(SamExecutionProvider.Cpu, kept.Provider);
        Assert.Contains("warm-up run failed", kept.FallbackReason);
        Assert.Equal(0, guard.OnnxRuntimeCudaUsers); // the CUDA session was closed

        var strict = new SamSessionFactory(0, fallbackToCpu: false, null, SamConvAlgorithmSearch.Heuristic, guard);
        var again = LabelledCuda(guard);
        var error = Assert.Throws<InvalidOperationException>(() => strict.ConfirmOnDevice(again, "decoder", () => FailingRun(again)));
        Assert.Contains("CUDA device 0", error.Message);
        Assert.Contains("warm-up run failed", error.Message);
        Assert.Contains("FallbackToCpu", error.Message);
        Assert.Equal(0, guard.OnnxRuntimeCudaUsers);
    }

    [Fact]
    public void AWarmUpThatRunsKeepsTheSessionAndTheCpuNeedsNone()
    {
        var guard = new CudaStackGuard();
        var factory = new SamSessionFactory(0, fallbackToCpu: false, null, SamConvAlgorithmSearch.Heuristic, guard);
        using var cuda = LabelledCuda(guard);
        int runs = 0;
        Assert.Same(cuda, factory.ConfirmOnDevice(cuda, "decoder", () => runs++));
        Assert.Equal(1, runs);

        using var cpu = new SamOnnxSession(new InferenceSession(Paths.Decoder), Paths.Decoder, SamExecutionProvider.Cpu, null);
        Assert.Same(cpu, factory.ConfirmOnDevice(cpu, "decoder", () => runs++));
        Assert.Equal(1, runs);
    }

    [Fact]
    public void SamOnCudaIsRefusedWhileTorchSharpRunsOnCuda()
    {
        var guard = new CudaStackGuard();
        guard.NoteTorchOnCuda();
        var factory = new SamSessionFactory(0, fallbackToCpu: true, null, SamConvAlgorithmSearch.Heuristic, guard);
        var error = Assert.Throws<InvalidOperationException>(() => new SamMaskDecoder(Paths.Decoder, factory));
        Assert.Contains("samclr segment", error.Message);
        Assert.Contains("pretrain --store", error.Message);
        Assert.Contains("TorchSharp already runs on CUDA", error.Message);

        // The CPU is unaffected.
        using var cpu = new SamMaskDecoder(Paths.Decoder, new SamSessionFactory(null, false, null, SamConvAlgorithmSearch.Heuristic, guard));
        Assert.Equal(SamExecutionProvider.Cpu, cpu.ExecutionProvider);
    }

    [Fact]
    public void TorchSharpOnCudaIsRefusedWhileOnnxRuntimeCudaSessionsAreOpen()
    {
        var guard = new CudaStackGuard();
        guard.CheckTorchMayUseCuda();
        var use = guard.NoteOnnxRuntimeCudaUser();
        var error = Assert.Throws<InvalidOperationException>(guard.CheckTorchMayUseCuda);
        Assert.Contains("1 ONNX Runtime session(s)", error.Message);
        Assert.Contains("samclr segment", error.Message);
        use.Dispose();
        use.Dispose(); // released once
        Assert.Equal(0, guard.OnnxRuntimeCudaUsers);
        guard.CheckTorchMayUseCuda();
        guard.CheckOnnxRuntimeMayUseCuda("SAM");
    }

    [Fact]
    public void ThisProcessRecordsNoCudaOnACpuMachine()
    {
        // The CPU suite: nothing here put TorchSharp on CUDA, and a failed CUDA decoder leaves no session counted.
        Assert.False(CudaStackGuard.Process.TorchOnCuda);
        try
        {
            using var decoder = new SamMaskDecoder(Paths.Decoder, new SamSessionFactory(gpuDeviceId: 0, fallbackToCpu: true));
            if (decoder.ExecutionProvider == SamExecutionProvider.Cpu) Assert.Equal(0, CudaStackGuard.Process.OnnxRuntimeCudaUsers);
        }
        finally
        {
            Assert.Equal(0, CudaStackGuard.Process.OnnxRuntimeCudaUsers);
        }
    }
}
