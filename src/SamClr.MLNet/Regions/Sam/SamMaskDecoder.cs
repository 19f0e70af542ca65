using Microsoft.ML.OnnxRuntime;

namespace SamClr.MLNet.Regions.Sam;

/// <summary>
/// Runs SAM's official ONNX mask decoder (<c>scripts/export_onnx_model.py</c> in the SAM repository), or HQ-SAM's,
/// which adds <c>interm_embeddings</c>, on single positive point prompts — the prompts of the automatic mask generator.
/// Each prompt is the point (in the 1024-longest-side frame) labelled 1 followed by the padding point (0, 0) labelled
/// -1 (the official way to say "no box"), with <c>mask_input</c> zeros, <c>has_mask_input</c> 0 and
/// <c>orig_im_size</c> the encoded image's (H, W).
/// </summary>
/// <remarks>
/// The official export makes only the number of points dynamic (<c>dynamic_axes</c> on <c>point_coords</c> and
/// <c>point_labels</c> dim 1); the batch dim is fixed at 1, so such a decoder answers one prompt per call
/// (<see cref="MaxPromptsPerCall"/> 1). A decoder exported with a dynamic batch dim on <c>point_coords</c> answers
/// many prompts per call. The official export returns 4 masks per prompt unless it was exported with
/// <c>--return-single-mask</c>: mask 0 is the single-mask output and masks 1-3 the multimask outputs, so with 4 masks
/// only 1-3 are returned here, as SAM's predictor does with <c>multimask_output=True</c>; with 1 or 3 masks, all are.
/// </remarks>
public sealed class SamMaskDecoder : IDisposable
{
    /// <summary>The signature a decoder file must have, as error messages list it.</summary>
    public const string ExpectedSignature =
        "inputs image_embeddings float [1,256,64,64], point_coords float [B,N,2], point_labels float [B,N], " +
        "mask_input float [1,1,256,256], has_mask_input float [1], orig_im_size float [2], and for HQ-SAM also " +
        "interm_embeddings float [4,1,64,64,C]; outputs masks float [B,K,H,W], iou_predictions float [B,K], " +
        "low_res_masks float [B,K,256,256] (SAM's official ONNX export)";

    private const string IntermName = "interm_embeddings";

    private readonly SamOnnxSession _session;
    private readonly long[]? _intermWarmUpShape;
    private readonly int _maskInputBatch;
    private readonly int _hasMaskBatch;

    /// <summary>Opens and checks a decoder.</summary>
    /// <param name="modelPath">The decoder's .onnx file.</param>
    /// <param name="sessionFactory">Provider choice; null (the default) runs on the CPU.</param>
    /// <exception cref="FileNotFoundException">When the file does not exist.</exception>
    /// <exception cref="InvalidDataException">When the file is not a loadable ONNX model or its signature is not SAM's decoder's.</exception>
    /// <exception cref="InvalidOperationException">
    /// When CUDA was asked for, cannot start (or fails its warm-up run) and fallback is off; or when TorchSharp already runs
    /// on CUDA in this process (SAM and TorchSharp training on CUDA run as separate processes: docs/GPU.md).
    /// </exception>
    public SamMaskDecoder(string modelPath, SamSessionFactory? sessionFactory = null)
    {
        var factory = sessionFactory ?? new SamSessionFactory();
        _session = factory.Open(modelPath, "decoder");
        try
        {
            var inputs = SamTensorSpec.From(_session.Session.InputMetadata);
            var outputs = SamTensorSpec.From(_session.Session.OutputMetadata);
            IsHq = CheckSignature(inputs, outputs, _session.ModelPath);
            int[] Dims(string name) => inputs.First(i => i.Name == name).Dims;
            MaxPromptsPerCall = Dims("point_coords")[0] < 0 ? int.MaxValue : 1;
            _maskInputBatch = Dims("mask_input")[0];
            _hasMaskBatch = Dims("has_mask_input")[0];
            _intermWarmUpShape = IsHq ? Dims(IntermName).Select(d => d < 0 ? 1L : d).ToArray() : null;
            _session = factory.ConfirmOnDevice(_session, "decoder", WarmUp);
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The decoder's full path.</summary>
    public string ModelPath => _session.ModelPath;

    /// <summary>True for HQ-SAM's decoder (it needs the encoder's <c>interm_embeddings</c>).</summary>
    public bool IsHq { get; }

    /// <summary>Prompts one call can answer: 1 for the official export (fixed batch dim), unlimited for a dynamic batch dim.</summary>
    public int MaxPromptsPerCall { get; }

    /// <summary>The provider the decoder runs on.</summary>
    public SamExecutionProvider ExecutionProvider => _session.Provider;

    /// <summary>Why the decoder runs on the CPU although CUDA was asked for; null when there was no fallback.</summary>
    public string? FallbackReason => _session.FallbackReason;

    /// <summary>
    /// Predicts masks for single positive point prompts in one decoder call. For many calls on one image, bind the
    /// image once with <see cref="Bind"/> and call <see cref="SamDecoderBinding.Predict"/> instead: this method binds the
    /// embedding anew for each call.
    /// </summary>
    /// <param name="embedding">The encoder's output for the image.</param>
    /// <param name="points">One point per prompt, in pixels of the encoded image; at most <see cref="MaxPromptsPerCall"/>.</param>
    /// <exception cref="ArgumentException">When there are no points, too many, or HQ-SAM's decoder gets no intermediate embeddings.</exception>
    /// <exception cref="InvalidDataException">When the model's outputs have unexpected shapes.</exception>
    internal SamMaskPrediction Predict(SamImageEmbedding embedding, ReadOnlySpan<(float X, float Y)> points)
    {
        CheckPromptCount(points.Length);
        using var binding = Bind(embedding);
        return binding.Predict(points);
    }

    /// <summary>
    /// Binds one image's embedding (and HQ-SAM's intermediate embeddings) to this decoder once, for many
    /// <see cref="SamDecoderBinding.Predict"/> calls: on CUDA the embedding is uploaded once per binding instead of once
    /// per call. Dispose the binding when the image is done; use one binding per thread.
    /// </summary>
    /// <param name="embedding">The encoder's output for the image.</param>
    /// <exception cref="ArgumentException">When HQ-SAM's decoder gets no intermediate embeddings.</exception>
    internal SamDecoderBinding Bind(SamImageEmbedding embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        if (IsHq && embedding.IntermEmbeddingArray is null)
            throw new ArgumentException(
                $"The HQ-SAM decoder '{ModelPath}' needs interm_embeddings, but the encoder produced none; use HQ-SAM's encoder.", nameof(embedding));
        return new SamDecoderBinding(this, _session.Session, embedding);
    }

    /// <summary>Closes the ONNX Runtime session.</summary>
    public void Dispose() => _session.Dispose();

    /// <summary>One prompt on a zero embedding of a 64 x 64 image (and zero interm_embeddings for HQ-SAM).</summary>
    private void WarmUp()
    {
        float[]? interm = _intermWarmUpShape is null ? null : new float[_intermWarmUpShape.Aggregate(1L, (a, d) => a * d)];
        var embedding = new SamImageEmbedding(64, 64, new float[256 * 64 * 64], interm, _intermWarmUpShape);
        using var binding = Bind(embedding);
        binding.Predict([(32f, 32f)]);
    }

    /// <summary>The batch dim of <c>mask_input</c>: 1 in the official export, -1 when dynamic.</summary>
    internal int MaskInputBatch => _maskInputBatch;

    /// <summary>The batch dim of <c>has_mask_input</c>: 1 in the official export, -1 when dynamic.</summary>
    internal int HasMaskBatch => _hasMaskBatch;

    internal void CheckPromptCount(int count)
    {
        if (count < 1 || count > MaxPromptsPerCall)
            throw new ArgumentException(
                $"Give 1 to {MaxPromptsPerCall} prompts per call to the SAM decoder '{ModelPath}' (its point_coords batch dim " +
                $"{(MaxPromptsPerCall == 1 ? "is fixed at 1" : "is dynamic")}); got {count}.", "points");
    }

    internal SamMaskPrediction ReadOutputs(OrtValue masks, OrtValue iou, int batch, int width, int height)
    {
        var maskShape = masks.GetTensorTypeAndShape().Shape;
        var iouShape = iou.GetTensorTypeAndShape().Shape;
        if (maskShape.Length != 4 || maskShape[0] != batch || maskShape[2] != height || maskShape[3] != width ||
            iouShape.Length != 2 || iouShape[0] != batch || iouShape[1] != maskShape[1])
            throw new InvalidDataException(
                $"The SAM decoder '{ModelPath}' returned masks [{string.Join(",", maskShape)}] and iou_predictions " +
                $"[{string.Join(",", iouShape)}]; expected masks [{batch},K,{height},{width}] and iou_predictions [{batch},K].");

        int k = (int)maskShape[1];
        int first = k == 4 ? 1 : 0;
        int kept = k - first;
        int pixels = width * height;
        var allLogits = masks.GetTensorDataAsSpan<float>();
        var allIou = iou.GetTensorDataAsSpan<float>();
        var logits = new float[batch * kept * pixels];
        var scores = new float[batch * kept];
        for (int b = 0; b < batch; b++)
        {
            allLogits.Slice((b * k + first) * pixels, kept * pixels).CopyTo(logits.AsSpan(b * kept * pixels));
            allIou.Slice(b * k + first, kept).CopyTo(scores.AsSpan(b * kept));
        }
        return new SamMaskPrediction(batch, kept, width, height, logits, scores);
    }

    /// <summary>Checks a decoder's inputs and outputs; returns true for HQ-SAM's decoder.</summary>
    internal static bool CheckSignature(IReadOnlyList<SamTensorSpec> inputs, IReadOnlyList<SamTensorSpec> outputs, string path)
    {
        SamTensorSpec? Find(IReadOnlyList<SamTensorSpec> specs, string name) => specs.FirstOrDefault(s => s.Name == name);
        bool Has(IReadOnlyList<SamTensorSpec> specs, string name, params int[] dims) => Find(specs, name)?.Matches(dims) == true;

        var interm = Find(inputs, IntermName);
        bool isHq = interm is not null;
        bool ok = inputs.Count == (isHq ? 7 : 6) &&
                  Has(inputs, "image_embeddings", 1, 256, 64, 64) &&
                  Has(inputs, "point_coords", -1, -1, 2) &&
                  Has(inputs, "point_labels", -1, -1) &&
                  Has(inputs, "mask_input", -1, 1, 256, 256) &&
                  Has(inputs, "has_mask_input", -1) &&
                  Has(inputs, "orig_im_size", 2) &&
                  (!isHq || Has(inputs, IntermName, -1, -1, 64, 64, -1)) &&
                  Has(outputs, "masks", -1, -1, -1, -1) &&
                  Has(outputs, "iou_predictions", -1, -1) &&
                  Has(outputs, "low_res_masks", -1, -1, 256, 256);
        if (!ok)
            throw new InvalidDataException(
                $"'{path}' is not a SAM mask decoder. It has inputs ({SamTensorSpec.Describe(inputs)}) and outputs " +
                $"({SamTensorSpec.Describe(outputs)}); expected {ExpectedSignature}.");
        return isHq;
    }
}
