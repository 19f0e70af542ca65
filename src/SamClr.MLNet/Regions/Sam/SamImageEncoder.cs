using Microsoft.ML.OnnxRuntime;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Runs an exported SAM (or HQ-SAM) image encoder in ONNX Runtime. Either common export form is accepted and
/// detected from the input's rank (<see cref="SamEncoderInputForm"/>); the output is <c>image_embeddings</c>
/// [1, 256, 64, 64], plus HQ-SAM's <c>interm_embeddings</c> when the model has that output.
/// </summary>
public sealed class SamImageEncoder : IDisposable
{
    /// <summary>The signatures an encoder file must have, as error messages list them.</summary>
    public const string ExpectedSignature =
        "one float input, either [1,3,1024,1024] (preprocessed: longest side resized to 1024, normalised with SAM's mean/std, " +
        "zero-padded; e.g. 'input_image' or 'images') or [H,W,3] (an RGB image with values 0-255, preprocessing inside the graph); " +
        "output 'image_embeddings' float [1,256,64,64], and for HQ-SAM also 'interm_embeddings' float (e.g. [4,1,64,64,1280])";

    private const string EmbeddingsName = "image_embeddings";
    private const string IntermName = "interm_embeddings";

    private readonly SamOnnxSession _session;
    private readonly string _inputName;
    private readonly int[] _inputDims;
    private readonly string[] _outputNames;

    /// <summary>Opens and checks an encoder.</summary>
    /// <param name="modelPath">The encoder's .onnx file.</param>
    /// <param name="sessionFactory">Provider choice; null (the default) runs on the CPU.</param>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="InvalidDataException">When the file is not a loadable ONNX model or its signature is not an encoder's.</exception>
    /// <exception cref="InvalidOperationException">
    /// When CUDA was asked for, cannot start (or fails its warm-up run) and fallback is off; or when TorchSharp already runs
    /// on CUDA in this process (SAM and TorchSharp training on CUDA run as separate processes: docs/GPU.md).
    /// </exception>
    public SamImageEncoder(string modelPath, SamSessionFactory? sessionFactory = null)
    {
        var factory = sessionFactory ?? new SamSessionFactory();
        _session = factory.Open(modelPath, "encoder");
        try
        {
            var inputs = SamTensorSpec.From(_session.Session.InputMetadata);
            var outputs = SamTensorSpec.From(_session.Session.OutputMetadata);
            (InputForm, HasIntermEmbeddings) = CheckSignature(inputs, outputs, _session.ModelPath);
            _inputName = inputs[0].Name;
            _inputDims = inputs[0].Dims;
            _outputNames = HasIntermEmbeddings ? [EmbeddingsName, IntermName] : [EmbeddingsName];
            _session = factory.ConfirmOnDevice(_session, "encoder", WarmUp);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The encoder's full path.</summary>
    public string ModelPath => _session.ModelPath;

    /// <summary>Which export form the model has.</summary>
    public SamEncoderInputForm InputForm { get; }

    /// <summary>True when the encoder also outputs HQ-SAM's <c>interm_embeddings</c>.</summary>
    public bool HasIntermEmbeddings { get; }

    /// <summary>The provider the encoder runs on.</summary>
    public SamExecutionProvider ExecutionProvider => _session.Provider;

    /// <summary>Why the encoder runs on the CPU although CUDA was asked for; null when there was no fallback.</summary>
    public string? FallbackReason => _session.FallbackReason;

    /// <summary>Encodes one image.</summary>
    /// <param name="planarRgb">Three planes (R, G, B) of height x width bytes.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <exception cref="ArgumentException">When the buffer size is wrong, or an HWC encoder has a fixed size other than the image's.</exception>
    /// <exception cref="InvalidDataException">When the model's outputs have unexpected shapes.</exception>
    internal SamImageEmbedding Encode(ReadOnlySpan<byte> planarRgb, int width, int height)
    {
        float[] data;
        long[] shape;
        if (InputForm == SamEncoderInputForm.Preprocessed)
        {
            data = SamPreprocessing.Preprocess(planarRgb, width, height);
            shape = [1, 3, SamPreprocessing.InputSize, SamPreprocessing.InputSize];
        }
        else
        {
            if ((_inputDims[0] >= 0 && _inputDims[0] != height) || (_inputDims[1] >= 0 && _inputDims[1] != width))
                throw new ArgumentException(
                    $"The SAM encoder '{ModelPath}' takes images of exactly {_inputDims[1]} x {_inputDims[0]} pixels, but this image is " +
                    $"{width} x {height}. Export the encoder with dynamic height and width, or resize the images first.", nameof(planarRgb));
            data = SamPreprocessing.ToHwc(planarRgb, width, height);
            shape = [height, width, 3];
        }

        using var input = OrtValue.CreateTensorValueFromMemory(data, shape);
        using var runOptions = new RunOptions();
        using var results = _session.Session.Run(runOptions, new Dictionary<string, OrtValue> { [_inputName] = input }, _outputNames);
        var embeddings = results[0];
        var embeddingShape = embeddings.GetTensorTypeAndShape().Shape;
        if (!embeddingShape.SequenceEqual(SamImageEmbedding.ImageEmbeddingShape))
            throw new InvalidDataException(
                $"The SAM encoder '{ModelPath}' returned image_embeddings of shape [{string.Join(",", embeddingShape)}]; SAM's decoders need [1,256,64,64].");
        float[]? interm = null;
        long[]? intermShape = null;
        if (HasIntermEmbeddings)
        {
            interm = results[1].GetTensorDataAsSpan<float>().ToArray();
            intermShape = results[1].GetTensorTypeAndShape().Shape;
        }
        return new SamImageEmbedding(width, height, embeddings.GetTensorDataAsSpan<float>().ToArray(), interm, intermShape);
    }

    /// <summary>Closes the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();

    /// <summary>One run on a black image: 64 x 64, or the fixed size of an HWC encoder.</summary>
    private void WarmUp()
    {
        int width = InputForm == SamEncoderInputForm.HwcImage && _inputDims[1] > 0 ? _inputDims[1] : 64;
        int height = InputForm == SamEncoderInputForm.HwcImage && _inputDims[0] > 0 ? _inputDims[0] : 64;
        Encode(new byte[3 * width * height], width, height);
    }

    /// <summary>Checks an encoder's inputs and outputs; returns the form and whether it has HQ-SAM's intermediate embeddings.</summary>
    internal static (SamEncoderInputForm Form, bool HasInterm) CheckSignature(
        IReadOnlyList<SamTensorSpec> inputs, IReadOnlyList<SamTensorSpec> outputs, string path)
    {
        SamEncoderInputForm? form = null;
        if (inputs.Count == 1)
        {
            if (inputs[0].Matches(1, 3, SamPreprocessing.InputSize, SamPreprocessing.InputSize)) form = SamEncoderInputForm.Preprocessed;
            else if (inputs[0].Matches(-1, -1, 3)) form = SamEncoderInputForm.HwcImage;
        }
        var embeddings = outputs.FirstOrDefault(o => o.Name == EmbeddingsName);
        var interm = outputs.FirstOrDefault(o => o.Name == IntermName);
        bool outputsOk = embeddings is not null && embeddings.Matches(1, 256, 64, 64) &&
                         (interm is null || (interm.ElementType == typeof(float) && interm.Dims.Length == 5));
        if (form is null || !outputsOk)
            throw new InvalidDataException(
                $"'{path}' is not a SAM image encoder. It has inputs ({SamTensorSpec.Describe(inputs)}) and outputs " +
                $"({SamTensorSpec.Describe(outputs)}); expected {ExpectedSignature}.");
        return (form.Value, interm is not null);
    }
}
