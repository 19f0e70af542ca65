using Microsoft.ML.OnnxRuntime;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// One image's embedding bound to a <see cref="SamMaskDecoder"/> with ONNX Runtime's I/O binding
/// (<see cref="OrtIoBinding"/>): <c>image_embeddings</c>, HQ-SAM's <c>interm_embeddings</c> and <c>orig_im_size</c> are
/// bound once, so on the CUDA provider they are copied to the device once per image (ONNX Runtime copies a bound
/// host value at bind time) instead of once per decoder call; on the CPU the bound values point at the embedding's
/// own arrays (no copy). Only the prompts change between calls. Get one from <see cref="SamMaskDecoder.Bind"/>.
/// </summary>
/// <remarks>
/// Not thread-safe: give each thread its own binding (the decoder's session is shared and safe for concurrent runs).
/// The embedding must not change while the binding lives.
/// </remarks>
internal sealed class SamDecoderBinding : IDisposable
{
    private const string ImageEmbeddingsName = "image_embeddings";
    private const string IntermName = "interm_embeddings";
    private static readonly string[] OutputNames = ["masks", "iou_predictions"];

    private readonly SamMaskDecoder _decoder;
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly List<OrtValue> _imageValues = [];
    private readonly RunOptions _runOptions = new();
    private int _boundBatch = -1;
    private OrtValue? _maskInput, _hasMaskInput;
    private bool _disposed;

    internal SamDecoderBinding(SamMaskDecoder decoder, InferenceSession session, SamImageEmbedding embedding)
    {
        _decoder = decoder;
        _session = session;
        Embedding = embedding;
        _binding = session.CreateIoBinding();
        try
        {
            BindImage(ImageEmbeddingsName, OrtValue.CreateTensorValueFromMemory(embedding.ImageEmbeddingArray, [1, 256, 64, 64]));
            BindImage("orig_im_size", OrtValue.CreateTensorValueFromMemory(new float[] { embedding.Height, embedding.Width }, [2]));
            if (decoder.IsHq)
                BindImage(IntermName, OrtValue.CreateTensorValueFromMemory(embedding.IntermEmbeddingArray!, embedding.IntermShapeArray!));
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The bound image's embedding.</summary>
    public SamImageEmbedding Embedding { get; }

    /// <summary>
    /// Predicts masks for single positive point prompts in one decoder call (see <see cref="SamMaskDecoder.Predict"/>).
    /// </summary>
    /// <param name="points">One point per prompt, in pixels of the encoded image; at most <see cref="SamMaskDecoder.MaxPromptsPerCall"/>.</param>
    /// <exception cref="ArgumentException">When there are no points or too many.</exception>
    /// <exception cref="InvalidDataException">When the model's outputs have unexpected shapes.</exception>
    public SamMaskPrediction Predict(ReadOnlySpan<(float X, float Y)> points)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _decoder.CheckPromptCount(points.Length);
        int batch = points.Length;
        var coords = new float[batch * 4];
        var labels = new float[batch * 2];
        for (int b = 0; b < batch; b++)
        {
            // The point labelled 1, then SAM's padding point (0, 0) labelled -1: "no box".
            var (x, y) = SamPreprocessing.ToModelFrame(points[b], Embedding.Width, Embedding.Height);
            coords[b * 4] = x;
            coords[b * 4 + 1] = y;
            labels[b * 2] = 1f;
            labels[b * 2 + 1] = -1f;
        }
        BindNoMaskInput(batch);
        using var coordValue = OrtValue.CreateTensorValueFromMemory(coords, [batch, 2, 2]);
        using var labelValue = OrtValue.CreateTensorValueFromMemory(labels, [batch, 2]);
        _binding.BindInput("point_coords", coordValue);
        _binding.BindInput("point_labels", labelValue);
        // Outputs are bound anew each call: a run fixes the bound outputs to its shapes, and the next batch may differ.
        _binding.ClearBoundOutputs();
        foreach (var name in OutputNames) _binding.BindOutputToDevice(name, OrtMemoryInfo.DefaultInstance);
        _session.RunWithBinding(_runOptions, _binding);
        using var outputs = _binding.GetOutputValues();
        return _decoder.ReadOutputs(outputs[0], outputs[1], batch, Embedding.Width, Embedding.Height);
    }

    /// <summary>Releases the binding and the bound values (device copies included).</summary>
    public void Dispose()
    {
        _disposed = true;
        _binding.Dispose();
        foreach (var value in _imageValues) value.Dispose();
        _imageValues.Clear();
        _maskInput?.Dispose();
        _hasMaskInput?.Dispose();
        _runOptions.Dispose();
    }

    private void BindImage(string name, OrtValue value)
    {
        _imageValues.Add(value);
        _binding.BindInput(name, value);
    }

    /// <summary>Binds <c>mask_input</c> zeros and <c>has_mask_input</c> 0 for <paramref name="batch"/> prompts, when that size changed.</summary>
    private void BindNoMaskInput(int batch)
    {
        int maskBatch = _decoder.MaskInputBatch < 0 ? batch : _decoder.MaskInputBatch;
        int hasMaskBatch = _decoder.HasMaskBatch < 0 ? batch : _decoder.HasMaskBatch;
        if (_boundBatch == batch) return;
        _maskInput?.Dispose();
        _hasMaskInput?.Dispose();
        _maskInput = OrtValue.CreateTensorValueFromMemory(new float[maskBatch * 256 * 256], [maskBatch, 1, 256, 256]);
        _hasMaskInput = OrtValue.CreateTensorValueFromMemory(new float[hasMaskBatch], [hasMaskBatch]);
        _binding.BindInput("mask_input", _maskInput);
        _binding.BindInput("has_mask_input", _hasMaskInput);
        _boundBatch = batch;
    }
}
