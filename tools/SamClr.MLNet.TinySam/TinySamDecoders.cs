using SamClr.MLNet.Onnx.Graph;

namespace SamClr.MLNet.TinySam;

/// <summary>
/// The tiny SAM mask decoders (see <see cref="TinySamModels"/>): the official signature with 4 disc masks, and the
/// HQ-SAM signature (plus <c>interm_embeddings</c>) with 1 mask.
/// </summary>
internal static class TinySamDecoders
{
    public static byte[] Build(int? hqChannels, bool dynamicBatch = false) => Builder(hqChannels, dynamicBatch).ToBytes();

    /// <summary>
    /// Inputs in the official order: <c>image_embeddings</c> [1,256,64,64], (HQ only) <c>interm_embeddings</c>
    /// [4,1,64,64,C], <c>point_coords</c> [B,N,2] (x, y in the 1024 frame), <c>point_labels</c> [B,N],
    /// <c>mask_input</c> [B,1,256,256], <c>has_mask_input</c> [B], <c>orig_im_size</c> [2] (H, W as floats).
    /// Outputs: <c>masks</c> [B,K,H,W], <c>iou_predictions</c> [B,K], <c>low_res_masks</c> [B,K,256,256]. B is 1 as in the
    /// official export, or the symbolic dim "batch" with <paramref name="dynamicBatch"/>: then each of the B prompts
    /// gets the masks it would get alone, against the one shared image embedding.
    /// </summary>
    public static OnnxGraphBuilder Builder(int? hqChannels, bool dynamicBatch = false)
    {
        const int side = TinySamModels.EmbeddingSize, lowRes = TinySamModels.LowResSize;
        var hq = hqChannels is not null;
        if (hqChannels < 1) throw new ArgumentOutOfRangeException(nameof(hqChannels), hqChannels, "HQ-SAM interm_embeddings need at least one channel.");
        int[] maskIndices = hq ? [TinySamModels.HqMaskIndex] : [0, 1, 2, 3];
        int k = maskIndices.Length;
        OnnxDim batch = dynamicBatch ? "batch" : 1;

        var b = new OnnxGraphBuilder((hq ? "tiny_sam_hq_decoder" : "tiny_sam_decoder") + (dynamicBatch ? "_batched" : ""));
        b.DocString = "Tiny deterministic SAM mask decoder for tests: disc masks around the first positive point of each prompt.";
        b.AddInput("image_embeddings", OnnxElementType.Float, 1, TinySamModels.EmbeddingChannels, side, side);
        if (hq) b.AddInput("interm_embeddings", OnnxElementType.Float, 4, 1, side, side, hqChannels!.Value);
        b.AddInput("point_coords", OnnxElementType.Float, batch, "num_points", 2)
         .AddInput("point_labels", OnnxElementType.Float, batch, "num_points")
         .AddInput("mask_input", OnnxElementType.Float, batch, 1, lowRes, lowRes)
         .AddInput("has_mask_input", OnnxElementType.Float, batch)
         .AddInput("orig_im_size", OnnxElementType.Float, 2)
         .AddOutput("masks", OnnxElementType.Float, batch, k, "image_height", "image_width")
         .AddOutput("iou_predictions", OnnxElementType.Float, batch, k)
         .AddOutput("low_res_masks", OnnxElementType.Float, batch, k, lowRes, lowRes);

        // Each prompt's point: its first point labelled 1 (ArgMax returns the first maximum), or its point 0 if none is.
        var positive = b.Node("Cast", [b.Node("Equal", ["point_labels", b.Scalar(1f)])], OnnxAttribute.Int("to", (long)OnnxElementType.Float));
        var first = b.Node("ArgMax", [positive], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 1)); // [B,1]
        var index = b.Node("Expand", [b.Node("Unsqueeze", [first, b.Vector(2L)]), b.Vector(1L, 1L, 2L)]); // [B,1,2]
        var point = b.Node("Reshape", [b.Node("GatherElements", ["point_coords", index], OnnxAttribute.Int("axis", 1)), b.Vector(-1L, 2L, 1L, 1L)]);
        var px = b.Node("Slice", [point, b.Vector(0L), b.Vector(1L), b.Vector(1L)]); // [B,1,1,1]
        var py = b.Node("Slice", [point, b.Vector(1L), b.Vector(2L), b.Vector(1L)]);

        // Per-mask constants: slope x radius, shape [1,K,1,1].
        var slopeRadii = b.AddInitializer(b.UniqueName("slope_radii"),
            maskIndices.Select(i => TinySamModels.LogitsPerPixel * TinySamModels.MaskRadii[i]).ToArray(), 1, k, 1, 1);
        var slope = b.Scalar(TinySamModels.LogitsPerPixel);

        // masks: pixel (y, x) of the original image sits at ((x + 0.5) s, (y + 0.5) s) in the 1024 frame, s = 1024 / max(H, W).
        var height = b.Node("Gather", ["orig_im_size", b.Scalar(0L)]);
        var width = b.Node("Gather", ["orig_im_size", b.Scalar(1L)]);
        var s = b.Node("Div", [b.Scalar((float)TinySamModels.ImageSize), b.Node("Max", [height, width])]);
        var xs = PixelCentres(b, width, s);
        var ys = PixelCentres(b, height, s);
        var masks = Logits(b, Distances(b, xs, ys, px, py), slopeRadii, slope);
        if (hq)
        {
            // HQ-SAM's intermediate features reach the output only through a zero term (the tiny masks ignore them).
            var zero = b.Node("Mul", [b.Node("ReduceSum", ["interm_embeddings"], OnnxAttribute.Int("keepdims", 0)), b.Scalar(0f)]);
            masks = b.Node("Add", [masks, zero]);
        }
        b.NodeInto("Identity", [masks], ["masks"]);

        // low_res_masks: low-resolution pixel (j, i) covers the 1024 frame's 4x4 block centred at ((i + 0.5) 4, (j + 0.5) 4).
        var grid = new float[lowRes];
        for (int i = 0; i < lowRes; i++) grid[i] = (i + 0.5f) * (TinySamModels.ImageSize / lowRes);
        var lowGrid = b.AddInitializer(b.UniqueName("low_res_centres"), grid, lowRes);
        b.NodeInto("Identity", [Logits(b, Distances(b, lowGrid, lowGrid, px, py), slopeRadii, slope)], ["low_res_masks"]);

        // iou_predictions: the constants [1,K] broadcast to [B,K].
        var ious = b.AddInitializer(b.UniqueName("ious"), maskIndices.Select(i => TinySamModels.PredictedIous[i]).ToArray(), 1, k);
        var prompts = b.Node("Slice", [b.Node("Shape", ["point_coords"]), b.Vector(0L), b.Vector(1L)]);
        b.NodeInto("Expand", [ious, b.Node("Concat", [prompts, b.Vector(1L)], OnnxAttribute.Int("axis", 0))], ["iou_predictions"]);
        return b;
    }

    /// <summary>(0.5, 1.5, ..., count - 0.5) x scale: the 1024-frame coordinates of <paramref name="count"/> pixel centres.</summary>
    private static string PixelCentres(OnnxGraphBuilder b, string count, string scale)
    {
        var indices = b.Node("Range", [b.Scalar(0f), count, b.Scalar(1f)]);
        return b.Node("Mul", [b.Node("Add", [indices, b.Scalar(0.5f)]), scale]);
    }

    /// <summary>Euclidean distances [B, 1, len(ys), len(xs)] of the pixel centres from each prompt's (<paramref name="px"/>, <paramref name="py"/>) [B,1,1,1].</summary>
    private static string Distances(OnnxGraphBuilder b, string xs, string ys, string px, string py)
    {
        var dx = b.Node("Sub", [xs, px]); // [B,1,1,W]
        var dy = b.Node("Sub", [b.Node("Unsqueeze", [ys, b.Vector(1L)]), py]); // [B,1,H,1]
        return b.Node("Sqrt", [b.Node("Add", [b.Node("Mul", [dy, dy]), b.Node("Mul", [dx, dx])])]);
    }

    /// <summary>slope x (radius_k - distance), broadcast to [B, K, rows, columns].</summary>
    private static string Logits(OnnxGraphBuilder b, string distances, string slopeRadii, string slope) =>
        b.Node("Sub", [slopeRadii, b.Node("Mul", [distances, slope])]);
}
