namespace SamClr.MLNet.TinySam;

/// <summary>The files written by <see cref="TinySamModels.WriteAll"/>.</summary>
/// <param name="Encoder">Form A encoder: <c>input_image</c> [1,3,1024,1024] preprocessed -> <c>image_embeddings</c>.</param>
/// <param name="EncoderHwc">Form B encoder: <c>input_image</c> [H,W,3] RGB 0-255 with preprocessing in the graph -> <c>image_embeddings</c>.</param>
/// <param name="Decoder">Decoder with the official SAM ONNX signature (K = 4 masks).</param>
/// <param name="HqEncoder">HQ-SAM encoder (form A input) -> <c>image_embeddings</c> and <c>interm_embeddings</c>.</param>
/// <param name="HqDecoder">HQ-SAM decoder: the official signature plus <c>interm_embeddings</c> (K = 1 mask).</param>
/// <param name="BatchedDecoder">
/// The decoder of <paramref name="Decoder"/> with a dynamic batch axis on its prompt inputs (<c>point_coords</c>
/// [batch,N,2] and so on): many prompts per call, each answered as alone.
/// </param>
public sealed record TinySamModelPaths(string Encoder, string EncoderHwc, string Decoder, string HqEncoder, string HqDecoder, string BatchedDecoder)
{
    /// <summary>All six paths.</summary>
    public IReadOnlyList<string> All => [Encoder, EncoderHwc, Decoder, HqEncoder, HqDecoder, BatchedDecoder];
}

/// <summary>
/// Tiny, deterministic stand-ins for SAM's ONNX models with exactly the input and output names and shapes of the
/// real exports, so the SAM runner and the automatic mask generator can be tested end to end without weights.
/// This class is the script that generates them (see README.md beside it for the signatures and the form detection
/// a runner should do). Everything is computed with standard ONNX operators at opset 17.
/// <list type="bullet">
/// <item>Encoders: 16x16 average pooling of the preprocessed 1024x1024 image, then a fixed 1x1 convolution from 3
/// to 256 channels with weights <see cref="EncoderWeight"/> and biases <see cref="EncoderBias"/>.</item>
/// <item>Decoders: for the first point labelled 1 (or the first point when none is), mask k is a disc of radius
/// <see cref="MaskRadii"/>[k] (pixels of the 1024 frame) around the point, with logits
/// <see cref="LogitsPerPixel"/> x (radius - distance), positive inside and crossing zero at the edge; the predicted
/// IoUs are the constants <see cref="PredictedIous"/>. The image embeddings, mask input and has-mask flag are
/// accepted and ignored.</item>
/// </list>
/// </summary>
public static class TinySamModels
{
    /// <summary>SAM's input side: images are resized so their longest side is 1024 and padded to 1024x1024.</summary>
    public const int ImageSize = 1024;

    /// <summary>Channels of SAM's image embedding (256).</summary>
    public const int EmbeddingChannels = 256;

    /// <summary>Side of SAM's image embedding grid (64 = 1024 / 16).</summary>
    public const int EmbeddingSize = 64;

    /// <summary>Side of SAM's low-resolution mask logits and of its mask input (256 = 1024 / 4).</summary>
    public const int LowResSize = 256;

    /// <summary>
    /// Number of masks of the official decoder export: 4 (segment-anything's scripts/export_onnx_model.py without
    /// <c>--return-single-mask</c>). Mask 0 is the single-mask output token; masks 1 to 3 are the multimask outputs
    /// that the automatic mask generator uses.
    /// </summary>
    public const int DecoderMaskCount = 4;

    /// <summary>Mask-feature channels C of the tiny HQ-SAM models' <c>interm_embeddings</c> [4,1,64,64,C] (real exports: 768 vit_b, 1024 vit_l, 1280 vit_h).</summary>
    public const int DefaultHqChannels = 8;

    /// <summary>Logit slope: logits change by 4 per pixel of the 1024 frame, so SAM's stability score (thresholds ±1) is about 1.</summary>
    public const float LogitsPerPixel = 4f;

    /// <summary>SAM's pixel mean (R, G, B) on the 0-255 scale (segment_anything/build_sam.py).</summary>
    public static IReadOnlyList<float> PixelMean { get; } = Array.AsReadOnly([123.675f, 116.28f, 103.53f]);

    /// <summary>SAM's pixel standard deviation (R, G, B) on the 0-255 scale (segment_anything/build_sam.py).</summary>
    public static IReadOnlyList<float> PixelStd { get; } = Array.AsReadOnly([58.395f, 57.12f, 57.375f]);

    /// <summary>
    /// Disc radius of each of the decoder's 4 masks, in pixels of the 1024 frame: mask 0 (single-mask token) 100,
    /// multimask outputs 70, 140 and 280 (three nested sizes, like SAM's subpart, part and whole).
    /// </summary>
    public static IReadOnlyList<float> MaskRadii { get; } = Array.AsReadOnly([100f, 70f, 140f, 280f]);

    /// <summary>
    /// Predicted IoU of each of the decoder's 4 masks: 0.8, 0.9, 0.95, 0.5. With SAM's automatic mask generator
    /// threshold (0.88) multimask outputs 1 and 2 are kept and output 3 is dropped.
    /// </summary>
    public static IReadOnlyList<float> PredictedIous { get; } = Array.AsReadOnly([0.8f, 0.9f, 0.95f, 0.5f]);

    /// <summary>
    /// The HQ-SAM decoder's single mask: the multimask output with the highest predicted IoU (what HQ-SAM's ONNX
    /// export returns with multimask output on), index 2 of <see cref="MaskRadii"/> and <see cref="PredictedIous"/>.
    /// </summary>
    public const int HqMaskIndex = 2;

    /// <summary>Weight of the encoders' 1x1 convolution from input channel <paramref name="c"/> to embedding channel <paramref name="o"/>: ((3o + 5c) mod 9 - 4) / 8.</summary>
    public static float EncoderWeight(int o, int c) => ((3 * o + 5 * c) % 9 - 4) / 8f;

    /// <summary>Bias of the encoders' 1x1 convolution for embedding channel <paramref name="o"/>: ((o mod 7) - 3) / 16.</summary>
    public static float EncoderBias(int o) => (o % 7 - 3) / 16f;

    /// <summary>Form A encoder bytes: <c>input_image</c> float [1,3,1024,1024] -> <c>image_embeddings</c> [1,256,64,64].</summary>
    public static byte[] Encoder() => TinySamEncoders.Preprocessed(hqChannels: null);

    /// <summary>Form B encoder bytes: <c>input_image</c> float [H,W,3] RGB 0-255 -> <c>image_embeddings</c> [1,256,64,64].</summary>
    public static byte[] EncoderHwc() => TinySamEncoders.Hwc();

    /// <summary>HQ-SAM encoder bytes: form A input -> <c>image_embeddings</c> and <c>interm_embeddings</c> [4,1,64,64,<paramref name="hqChannels"/>].</summary>
    public static byte[] HqEncoder(int hqChannels = DefaultHqChannels) => TinySamEncoders.Preprocessed(hqChannels);

    /// <summary>Decoder bytes with the official SAM ONNX signature and 4 masks.</summary>
    public static byte[] Decoder() => TinySamDecoders.Build(hqChannels: null);

    /// <summary>
    /// Decoder bytes with the official names, 4 masks, and a dynamic batch axis: <c>point_coords</c> [batch,N,2],
    /// <c>point_labels</c> [batch,N], <c>mask_input</c> [batch,1,256,256], <c>has_mask_input</c> [batch] -> <c>masks</c>
    /// [batch,4,H,W], <c>iou_predictions</c> [batch,4], <c>low_res_masks</c> [batch,4,256,256]. Prompt b gets exactly the
    /// masks <see cref="Decoder"/> gives it alone.
    /// </summary>
    public static byte[] BatchedDecoder() => TinySamDecoders.Build(hqChannels: null, dynamicBatch: true);

    /// <summary>HQ-SAM decoder bytes: the official signature plus <c>interm_embeddings</c> [4,1,64,64,<paramref name="hqChannels"/>], 1 mask.</summary>
    public static byte[] HqDecoder(int hqChannels = DefaultHqChannels) => TinySamDecoders.Build(hqChannels);

    /// <summary>
    /// Writes the six tiny models into <paramref name="directory"/> (created if missing) as tiny_sam_encoder.onnx,
    /// tiny_sam_encoder_hwc.onnx, tiny_sam_decoder.onnx, tiny_sam_hq_encoder.onnx, tiny_sam_hq_decoder.onnx and
    /// tiny_sam_decoder_batched.onnx.
    /// The bytes are the same on every run.
    /// </summary>
    public static TinySamModelPaths WriteAll(string directory)
    {
        var paths = new TinySamModelPaths(
            Path.Combine(directory, "tiny_sam_encoder.onnx"),
            Path.Combine(directory, "tiny_sam_encoder_hwc.onnx"),
            Path.Combine(directory, "tiny_sam_decoder.onnx"),
            Path.Combine(directory, "tiny_sam_hq_encoder.onnx"),
            Path.Combine(directory, "tiny_sam_hq_decoder.onnx"),
            Path.Combine(directory, "tiny_sam_decoder_batched.onnx"));
        TinySamEncoders.PreprocessedBuilder(hqChannels: null).Save(paths.Encoder);
        TinySamEncoders.HwcBuilder().Save(paths.EncoderHwc);
        TinySamDecoders.Builder(hqChannels: null).Save(paths.Decoder);
        TinySamEncoders.PreprocessedBuilder(DefaultHqChannels).Save(paths.HqEncoder);
        TinySamDecoders.Builder(DefaultHqChannels).Save(paths.HqDecoder);
        TinySamDecoders.Builder(hqChannels: null, dynamicBatch: true).Save(paths.BatchedDecoder);
        return paths;
    }
}
