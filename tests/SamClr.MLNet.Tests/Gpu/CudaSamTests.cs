using SamClr.MLNet.Regions.Sam;
using SamClr.MLNet.Tests.Regions.Sam;
using SamClr.MLNet.TinySam;
using Xunit;

namespace SamClr.MLNet.Tests.Gpu;

/// <summary>
/// SAM's encoder and decoder (the tiny stand-ins with the official signatures, plain and HQ) on ONNX Runtime's CUDA
/// execution provider against the CPU provider: same embeddings, masks and predicted IoUs within float tolerance.
/// Skipped, with ONNX Runtime's error, where the CUDA provider cannot start.
/// </summary>
public sealed class CudaSamTests : IDisposable
{
    private const int Width = SamAutomaticMaskGeneratorTests.Width, Height = SamAutomaticMaskGeneratorTests.Height;
    private readonly string _folder = Directory.CreateTempSubdirectory("samclr-cuda-sam-").FullName;
    private readonly TinySamModelPaths _paths;
    private static readonly SamSessionFactory OnGpu = new(gpuDeviceId: 0, fallbackToCpu: false);

    public CudaSamTests() => _paths = TinySamModels.WriteAll(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [OrtCudaFact]
    public void DecoderOnCudaGivesTheCpuMasks() => Compare(_paths.Encoder, _paths.Decoder);

    [OrtCudaFact]
    public void HqDecoderOnCudaGivesTheCpuMasks() => Compare(_paths.HqEncoder, _paths.HqDecoder);

    private static void Compare(string encoderPath, string decoderPath)
    {
        using var cpuEncoder = new SamImageEncoder(encoderPath);
        using var cpuDecoder = new SamMaskDecoder(decoderPath);
        using var gpuEncoder = new SamImageEncoder(encoderPath, OnGpu);
        using var gpuDecoder = new SamMaskDecoder(decoderPath, OnGpu);
        Assert.Equal(SamExecutionProvider.Cuda, gpuEncoder.ExecutionProvider);
        Assert.Equal(SamExecutionProvider.Cuda, gpuDecoder.ExecutionProvider);

        var cpuEmbedding = cpuEncoder.Encode(SamAutomaticMaskGeneratorTests.Image(), Width, Height);
        var gpuEmbedding = gpuEncoder.Encode(SamAutomaticMaskGeneratorTests.Image(), Width, Height);
        AssertClose(cpuEmbedding.ImageEmbeddings.Span, gpuEmbedding.ImageEmbeddings.Span, "image embeddings");
        if (cpuEmbedding.IntermEmbeddings is { } interm) AssertClose(interm.Span, gpuEmbedding.IntermEmbeddings!.Value.Span, "interm embeddings");

        (float X, float Y)[] points = [(10, 6), (50, 30), (70, 42)];
        var cpu = cpuDecoder.Predict(cpuEmbedding, points);
        var gpu = gpuDecoder.Predict(gpuEmbedding, points);
        Assert.Equal((cpu.PromptCount, cpu.MasksPerPrompt, cpu.Width, cpu.Height), (gpu.PromptCount, gpu.MasksPerPrompt, gpu.Width, gpu.Height));
        for (int p = 0; p < cpu.PromptCount; p++)
        for (int m = 0; m < cpu.MasksPerPrompt; m++)
        {
            Assert.Equal(cpu.PredictedIou(p, m), gpu.PredictedIou(p, m), 1e-5f);
            AssertClose(cpu.Logits(p, m), gpu.Logits(p, m), $"logits of prompt {p}, mask {m}");
        }
    }

    /// <summary>Equal within 1e-4 of the largest magnitude (float sums in another order on the GPU).</summary>
    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        float scale = 1e-4f * Math.Max(1f, MaxAbs(expected));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= scale, $"{what}[{i}]: CPU {expected[i]}, CUDA {actual[i]}.");
    }

    private static float MaxAbs(ReadOnlySpan<float> values)
    {
        float max = 0;
        foreach (float v in values) max = Math.Max(max, Math.Abs(v));
        return max;
    }
}
