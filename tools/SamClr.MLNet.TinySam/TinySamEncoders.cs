using SamClr.MLNet.Onnx.Graph;

namespace SamClr.MLNet.TinySam;

/// <summary>
/// The tiny SAM image encoders (see <see cref="TinySamModels"/>): the preprocessed form A, the HWC form B with SAM's
/// preprocessing inside the graph, and the HQ-SAM form that also returns <c>interm_embeddings</c>.
/// </summary>
internal static class TinySamEncoders
{
    private const int Pool = TinySamModels.ImageSize / TinySamModels.EmbeddingSize; // 16

    public static byte[] Preprocessed(int? hqChannels) => PreprocessedBuilder(hqChannels).ToBytes();

    public static byte[] Hwc() => HwcBuilder().ToBytes();

    /// <summary>Form A: <c>input_image</c> [1,3,1024,1024], already resized, normalised and zero-padded.</summary>
    public static OnnxGraphBuilder PreprocessedBuilder(int? hqChannels)
    {
        var b = new OnnxGraphBuilder(hqChannels is null ? "tiny_sam_encoder" : "tiny_sam_hq_encoder");
        b.DocString = "Tiny deterministic SAM image encoder for tests (average pooling and a fixed 1x1 convolution).";
        b.AddInput("input_image", OnnxElementType.Float, 1, 3, TinySamModels.ImageSize, TinySamModels.ImageSize);
        AddBody(b, "input_image", hqChannels);
        return b;
    }

    /// <summary>
    /// Form B: <c>input_image</c> [H,W,3], RGB on the 0-255 scale. The graph resizes it (bilinear) so its longest side
    /// is 1024, with SAM's output size rule floor(side * 1024 / longest + 0.5); normalises with SAM's mean and std;
    /// and pads with zeros at the bottom and right to 1024x1024, as segment-anything's predictor does.
    /// </summary>
    public static OnnxGraphBuilder HwcBuilder()
    {
        var b = new OnnxGraphBuilder("tiny_sam_encoder_hwc");
        b.DocString = "Tiny deterministic SAM image encoder for tests, with SAM's preprocessing in the graph.";
        b.AddInput("input_image", OnnxElementType.Float, "image_height", "image_width", 3);

        // Size after resizing: floor(side * 1024 / longest side + 0.5) (segment-anything's ResizeLongestSide).
        var heightWidth = b.Node("Slice", [b.Node("Shape", ["input_image"]), b.Vector(0L), b.Vector(2L)]);
        var sides = b.Node("Cast", [heightWidth], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        var longest = b.Node("ReduceMax", [sides], OnnxAttribute.Int("keepdims", 1));
        var scaled = b.Node("Div", [b.Node("Mul", [sides, b.Scalar((float)TinySamModels.ImageSize)]), longest]);
        var resizedSides = b.Node("Cast", [b.Node("Floor", [b.Node("Add", [scaled, b.Scalar(0.5f)])])],
            OnnxAttribute.Int("to", (long)OnnxElementType.Int64));

        // HWC -> NCHW, bilinear resize to the new size.
        var nchw = b.Node("Unsqueeze", [b.Node("Transpose", ["input_image"], OnnxAttribute.Ints("perm", 2, 0, 1)), b.Vector(0L)]);
        var sizes = b.Node("Concat", [b.Vector(1L, 3L), resizedSides], OnnxAttribute.Int("axis", 0));
        var resized = b.Node("Resize", [nchw, "", "", sizes],
            OnnxAttribute.String("mode", "linear"),
            OnnxAttribute.String("coordinate_transformation_mode", "half_pixel"));

        // (x - mean) / std per channel, then zero padding at the bottom and right.
        var mean = b.AddInitializer(b.UniqueName("pixel_mean"), TinySamModels.PixelMean.ToArray(), 1, 3, 1, 1);
        var std = b.AddInitializer(b.UniqueName("pixel_std"), TinySamModels.PixelStd.ToArray(), 1, 3, 1, 1);
        var normalised = b.Node("Div", [b.Node("Sub", [resized, mean]), std]);
        var padAfter = b.Node("Sub", [b.Vector((long)TinySamModels.ImageSize, TinySamModels.ImageSize), resizedSides]);
        var pads = b.Node("Concat", [b.Vector(0L, 0L, 0L, 0L, 0L, 0L), padAfter], OnnxAttribute.Int("axis", 0));
        var padded = b.Node("Pad", [normalised, pads], OnnxAttribute.String("mode", "constant"));

        AddBody(b, padded, hqChannels: null);
        return b;
    }

    /// <summary>
    /// 16x16 average pooling to [1,3,64,64], then the fixed 1x1 convolution to <c>image_embeddings</c> [1,256,64,64].
    /// With <paramref name="hqChannels"/> C, also <c>interm_embeddings</c> [4,1,64,64,C]: the pooled image projected
    /// with the first C rows of the convolution weights (no bias), the same for the four blocks.
    /// </summary>
    private static void AddBody(OnnxGraphBuilder b, string image, int? hqChannels)
    {
        const int channels = TinySamModels.EmbeddingChannels, side = TinySamModels.EmbeddingSize;
        b.AddOutput("image_embeddings", OnnxElementType.Float, 1, channels, side, side);
        var pooled = b.Node("AveragePool", [image],
            OnnxAttribute.Ints("kernel_shape", Pool, Pool), OnnxAttribute.Ints("strides", Pool, Pool));

        var weights = new float[channels * 3];
        var biases = new float[channels];
        for (int o = 0; o < channels; o++)
        {
            for (int c = 0; c < 3; c++) weights[o * 3 + c] = TinySamModels.EncoderWeight(o, c);
            biases[o] = TinySamModels.EncoderBias(o);
        }
        var w = b.AddInitializer(b.UniqueName("conv_weight"), weights, channels, 3, 1, 1);
        var bias = b.AddInitializer(b.UniqueName("conv_bias"), biases, channels);
        b.NodeInto("Conv", [pooled, w, bias], ["image_embeddings"], OnnxAttribute.Ints("kernel_shape", 1, 1));

        if (hqChannels is not int hq) return;
        if (hq < 1) throw new ArgumentOutOfRangeException(nameof(hqChannels), hq, "HQ-SAM interm_embeddings need at least one channel.");
        b.AddOutput("interm_embeddings", OnnxElementType.Float, 4, 1, side, side, hq);
        var projection = new float[3 * hq]; // [3, C]: column j holds the weights of embedding channel j
        for (int c = 0; c < 3; c++)
            for (int j = 0; j < hq; j++) projection[c * hq + j] = TinySamModels.EncoderWeight(j, c);
        var channelsLast = b.Node("Transpose", [pooled], OnnxAttribute.Ints("perm", 0, 2, 3, 1)); // [1,64,64,3]
        var projected = b.Node("MatMul", [channelsLast, b.AddInitializer(b.UniqueName("interm_projection"), projection, 3, hq)]);
        var oneBlock = b.Node("Unsqueeze", [projected, b.Vector(0L)]); // [1,1,64,64,C]
        b.NodeInto("Expand", [oneBlock, b.Vector(4L, 1L, side, side, hq)], ["interm_embeddings"]);
    }
}
