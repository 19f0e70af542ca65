using SamClr.MLNet.Onnx.Graph;
using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public sealed class SamSignatureTests : IDisposable
{
    private readonly SamStubModels _models = new();

    public void Dispose() => _models.Dispose();

    [Fact]
    public void TheOfficialDecoderSignatureLoadsWithOnePromptPerCall()
    {
        using var decoder = new SamMaskDecoder(_models.Decoder("decoder.onnx"));
        Assert.False(decoder.IsHq);
        Assert.Equal(1, decoder.MaxPromptsPerCall);
        Assert.Equal(SamExecutionProvider.Cpu, decoder.ExecutionProvider);
        Assert.Null(decoder.FallbackReason);
    }

    [Fact]
    public void ADynamicBatchDimAllowsManyPromptsPerCall()
    {
        using var decoder = new SamMaskDecoder(_models.Decoder("batched.onnx", batch: OnnxDim.Symbolic("batch")));
        Assert.Equal(int.MaxValue, decoder.MaxPromptsPerCall);
    }

    [Fact]
    public void InterimEmbeddingsMakeAnHqDecoder()
    {
        using var decoder = new SamMaskDecoder(_models.Decoder("hq.onnx", hq: true));
        Assert.True(decoder.IsHq);
    }

    [Fact]
    public void ARenamedDecoderInputIsRejectedWithTheExpectedSignature()
    {
        string path = _models.Decoder("renamed.onnx", new Dictionary<string, string> { ["point_coords"] = "coords" });
        var error = Assert.Throws<InvalidDataException>(() => new SamMaskDecoder(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("coords: Single [1,?,2]", error.Message);
        Assert.Contains(SamMaskDecoder.ExpectedSignature, error.Message);
    }

    [Fact]
    public void AnEncoderFileIsNotADecoder()
    {
        string path = _models.Encoder("encoder.onnx");
        var error = Assert.Throws<InvalidDataException>(() => new SamMaskDecoder(path));
        Assert.Contains("is not a SAM mask decoder", error.Message);
    }

    [Fact]
    public void ThePreprocessedEncoderFormIsDetectedWhateverTheInputName()
    {
        using var encoder = new SamImageEncoder(_models.Encoder("images.onnx", inputName: "images"));
        Assert.Equal(SamEncoderInputForm.Preprocessed, encoder.InputForm);
        Assert.False(encoder.HasIntermEmbeddings);
        // The stub's weights are zero: the embedding is all zeros, [1,256,64,64], for a 5 x 3 image.
        var embedding = encoder.Encode(new byte[3 * 5 * 3], 5, 3);
        Assert.Equal(256 * 64 * 64, embedding.ImageEmbeddings.Length);
        Assert.Equal((5, 3), (embedding.Width, embedding.Height));
    }

    [Fact]
    public void AnEncoderWithTheWrongOutputNameListsBothForms()
    {
        string path = _models.Encoder("embeddings.onnx", outputName: "embeddings");
        var error = Assert.Throws<InvalidDataException>(() => new SamImageEncoder(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("embeddings: Single [1,256,64,64]", error.Message);
        Assert.Contains("[1,3,1024,1024]", error.Message);
        Assert.Contains("[H,W,3]", error.Message);
    }

    [Fact]
    public void AnEncoderWithTheWrongInputSizeIsRejected()
    {
        string path = _models.Encoder("small.onnx", side: 512);
        var error = Assert.Throws<InvalidDataException>(() => new SamImageEncoder(path));
        Assert.Contains("input_image: Single [1,3,512,512]", error.Message);
    }

    [Fact]
    public void MissingAndBrokenFilesGetClearErrors()
    {
        string missing = Path.Combine(_models.Folder, "none.onnx");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => new SamImageEncoder(missing)).Message);
        string broken = Path.Combine(_models.Folder, "broken.onnx");
        File.WriteAllBytes(broken, [1, 2, 3, 4, 5]);
        var error = Assert.Throws<InvalidDataException>(() => new SamMaskDecoder(broken));
        Assert.Contains("cannot load the SAM decoder", error.Message);
    }

    [Fact]
    public void CudaWithoutFallbackEitherRunsOnCudaOrFailsClearly()
    {
        // On a machine without CUDA libraries (the CI and dev boxes) the CUDA provider cannot start: without fallback
        // that is an error naming the device and the fix; with fallback the CPU takes over and says why.
        string path = _models.Decoder("decoder.onnx");
        try
        {
            using var strict = new SamMaskDecoder(path, new SamSessionFactory(gpuDeviceId: 0, fallbackToCpu: false));
            Assert.Equal(SamExecutionProvider.Cuda, strict.ExecutionProvider);
        }
        catch (InvalidOperationException error)
        {
            Assert.Contains("CUDA device 0", error.Message);
            Assert.Contains("FallbackToCpu", error.Message);
            using var lenient = new SamMaskDecoder(path, new SamSessionFactory(gpuDeviceId: 0, fallbackToCpu: true));
            Assert.Equal(SamExecutionProvider.Cpu, lenient.ExecutionProvider);
            Assert.Contains("CUDA", lenient.FallbackReason);
        }
    }

    [Fact]
    public void TheFactoryReadsTheMLContext()
    {
        var context = new Microsoft.ML.MLContext { GpuDeviceId = 2, FallbackToCpu = true };
        var factory = SamSessionFactory.FromMLContext(context);
        Assert.Equal(2, factory.GpuDeviceId);
        Assert.True(factory.FallbackToCpu);
        Assert.Null(new SamSessionFactory().GpuDeviceId);
    }
}
