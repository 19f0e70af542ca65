using SamClr.MLNet.Tests.Data;
using SamClr.MLNet.TinySam;
using Xunit;

namespace SamClr.MLNet.Tests.Onnx;

public class TinySamDecoderTests
{
    private const float Tolerance = 0.01f;

    private static readonly string[] OfficialInputs =
        ["image_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size"];

    private static (string, OrtTensor)[] Inputs(float[] coords, float[] labels, float height, float width, int hqChannels = 0)
    {
        var inputs = new List<(string, OrtTensor)> { ("image_embeddings", OrtTensor.Of(new float[256 * 64 * 64], 1, 256, 64, 64)) };
        if (hqChannels > 0) inputs.Add(("interm_embeddings", OrtTensor.Of(new float[4 * 64 * 64 * hqChannels], 4, 1, 64, 64, hqChannels)));
        inputs.Add(("point_coords", OrtTensor.Of(coords, 1, labels.Length, 2)));
        inputs.Add(("point_labels", OrtTensor.Of(labels, 1, labels.Length)));
        inputs.Add(("mask_input", OrtTensor.Of(new float[256 * 256], 1, 1, 256, 256)));
        inputs.Add(("has_mask_input", OrtTensor.Of([0f], 1)));
        inputs.Add(("orig_im_size", OrtTensor.Of([height, width], 2)));
        return inputs.ToArray();
    }

    [Fact]
    public void DecoderHasTheOfficialSignature()
    {
        using var session = OrtRunner.Open(TinySamModels.Decoder());
        Assert.Equal(OfficialInputs, session.InputMetadata.Keys.ToArray());
        Assert.Equal(new[] { 1, 256, 64, 64 }, session.InputMetadata["image_embeddings"].Dimensions);
        Assert.Equal(new[] { 1, -1, 2 }, session.InputMetadata["point_coords"].Dimensions);
        Assert.Equal("num_points", session.InputMetadata["point_coords"].SymbolicDimensions[1]);
        Assert.Equal(new[] { 1, -1 }, session.InputMetadata["point_labels"].Dimensions);
        Assert.Equal(new[] { 1, 1, 256, 256 }, session.InputMetadata["mask_input"].Dimensions);
        Assert.Equal(new[] { 1 }, session.InputMetadata["has_mask_input"].Dimensions);
        Assert.Equal(new[] { 2 }, session.InputMetadata["orig_im_size"].Dimensions);
        Assert.Equal(new[] { "masks", "iou_predictions", "low_res_masks" }, session.OutputMetadata.Keys.ToArray());
        Assert.Equal(new[] { 1, 4, -1, -1 }, session.OutputMetadata["masks"].Dimensions);
        Assert.Equal(new[] { 1, 4 }, session.OutputMetadata["iou_predictions"].Dimensions);
        Assert.Equal(new[] { 1, 4, 256, 256 }, session.OutputMetadata["low_res_masks"].Dimensions);
    }

    // Original image H = 48, W = 80, so s = 1024 / 80 = 12.8. The prompt (518.4, 313.6) in the 1024 frame is the
    // centre of original pixel (x 40, y 24): (40.5 * 12.8, 24.5 * 12.8). Pixel (x, y) is 12.8 * |(x - 40, y - 24)|
    // from it, and mask k has logits 4 * (r_k - distance) with r = (100, 70, 140, 280).
    [Theory]
    [InlineData(40, 24, 400f, 280f, 560f, 1120f)]          // distance 0: 4 r
    [InlineData(45, 24, 144f, 24f, 304f, 864f)]            // 5 px = 64: 4 (100 - 64), 4 (70 - 64), ...
    [InlineData(46, 24, 92.8f, -27.2f, 252.8f, 812.8f)]     // 6 px = 76.8: just outside the 70 disc
    [InlineData(50, 24, -112f, -232f, 48f, 608f)]           // 10 px = 128: inside the 140 disc
    [InlineData(51, 24, -163.2f, -283.2f, -3.2f, 556.8f)]   // 11 px = 140.8: just outside it
    [InlineData(40, 3, -675.2f, -795.2f, -515.2f, 44.8f)]  // 21 px = 268.8: inside the 280 disc
    [InlineData(40, 2, -726.4f, -846.4f, -566.4f, -6.4f)]   // 22 px = 281.6: just outside it
    public void MasksAreDiscsAroundThePromptAtTheOriginalSize(int x, int y, float m0, float m1, float m2, float m3)
    {
        var outputs = OrtRunner.Run(TinySamModels.Decoder(), Inputs([518.4f, 313.6f, 0f, 0f], [1f, -1f], 48, 80));
        var masks = outputs["masks"];
        Assert.Equal(new long[] { 1, 4, 48, 80 }, masks.Shape);
        float[] expected = [m0, m1, m2, m3];
        for (int k = 0; k < 4; k++) Assert.Equal(expected[k], masks.At(0, k, y, x), Tolerance);
        Assert.Equal(new[] { 0.8f, 0.9f, 0.95f, 0.5f }, outputs["iou_predictions"].Floats);
        Assert.Equal(new long[] { 1, 4 }, outputs["iou_predictions"].Shape);
    }

    [Fact]
    public void DiscAreaCountsTheLatticePointsInside()
    {
        // Mask 2 (r = 140) has radius 140 / 12.8 = 10.9375 original pixels: the pixels with dx^2 + dy^2 <= 119
        // (10.9375^2 = 119.6), all inside the 48 x 80 image. Row by row, |dx| <= floor(sqrt(119 - dy^2)) gives
        // 21 pixels for |dy| = 0..4, 19 for 5 and 6, 17 for 7, 15 for 8, 13 for 9 and 9 for 10:
        // 21 + 2 (21 + 21 + 21 + 21 + 19 + 19 + 17 + 15 + 13 + 9) = 373.
        // Mask 1 (r = 70, radius 5.47, dx^2 + dy^2 <= 29): rows 11, 11, 11, 9, 7, 5 for |dy| = 0..5: 11 + 2 * 43 = 97.
        var masks = OrtRunner.Run(TinySamModels.Decoder(), Inputs([518.4f, 313.6f], [1f], 48, 80))["masks"];
        int Area(int k) => Enumerable.Range(0, 48 * 80).Count(p => masks.At(0, k, p / 80, p % 80) > 0);
        Assert.Equal(373, Area(2));
        Assert.Equal(97, Area(1));
    }

    [Fact]
    public void PortraitImageMapsThePromptOnTheOtherAxis()
    {
        // H = 80, W = 48: s = 12.8 again; (313.6, 518.4) is the centre of pixel (x 24, y 40).
        var masks = OrtRunner.Run(TinySamModels.Decoder(), Inputs([313.6f, 518.4f], [1f], 80, 48))["masks"];
        Assert.Equal(new long[] { 1, 4, 80, 48 }, masks.Shape);
        Assert.Equal(560f, masks.At(0, 2, 40, 24), Tolerance);
        Assert.Equal(48f, masks.At(0, 2, 50, 24), Tolerance);  // 10 px below: 4 (140 - 128)
        Assert.Equal(-3.2f, masks.At(0, 2, 40, 35), Tolerance); // 11 px right: 4 (140 - 140.8)
    }

    [Fact]
    public void LowResolutionMasksCoverThe1024FrameAt256()
    {
        // Low-resolution pixel (j, i) is centred at (4 i + 2, 4 j + 2) in the 1024 frame.
        // (i 129, j 78) is at (518, 314): distance sqrt(0.4^2 + 0.4^2) = 0.5657, so logits are 4 (r - 0.5657).
        // (i 163, j 78) is at (654, 314): distance sqrt(135.6^2 + 0.4^2) = 135.6006 -> mask 2: 4 (140 - 135.6006) = 17.598.
        // (i 165, j 78) is at (662, 314): distance 143.6006 -> mask 2: -14.402.
        var outputs = OrtRunner.Run(TinySamModels.Decoder(), Inputs([518.4f, 313.6f], [1f], 48, 80));
        var low = outputs["low_res_masks"];
        Assert.Equal(new long[] { 1, 4, 256, 256 }, low.Shape);
        float[] centre = [397.737f, 277.737f, 557.737f, 1117.737f];
        for (int k = 0; k < 4; k++) Assert.Equal(centre[k], low.At(0, k, 78, 129), Tolerance);
        Assert.Equal(17.598f, low.At(0, 2, 78, 163), Tolerance);
        Assert.Equal(-14.402f, low.At(0, 2, 78, 165), Tolerance);
    }

    [Fact]
    public void PromptIsTheFirstPositivePoint()
    {
        // A negative point first, the positive point second, then SAM's padding point (0, 0) labelled -1.
        var masks = OrtRunner.Run(TinySamModels.Decoder(),
            Inputs([100f, 100f, 518.4f, 313.6f, 0f, 0f], [0f, 1f, -1f], 48, 80))["masks"];
        Assert.Equal(560f, masks.At(0, 2, 24, 40), Tolerance);

        // No positive point: point 0 is the prompt. (128, 128) is the original point (10, 10), the corner between
        // pixels 9 and 10; pixel (9, 9)'s centre is 0.5 * 12.8 * sqrt(2) = 9.051 away: mask 2 logit 4 (140 - 9.051) = 523.8.
        var fallback = OrtRunner.Run(TinySamModels.Decoder(), Inputs([128f, 128f, 0f, 0f], [0f, -1f], 48, 80))["masks"];
        Assert.Equal(523.8f, fallback.At(0, 2, 9, 9), 0.05f);
    }

    [Fact]
    public void HqDecoderAddsIntermEmbeddingsAndReturnsOneMask()
    {
        var model = TinySamModels.HqDecoder(hqChannels: 8);
        using var session = OrtRunner.Open(model);
        Assert.Equal(
            new[] { "image_embeddings", "interm_embeddings", "point_coords", "point_labels", "mask_input", "has_mask_input", "orig_im_size" },
            session.InputMetadata.Keys.ToArray());
        Assert.Equal(new[] { 4, 1, 64, 64, 8 }, session.InputMetadata["interm_embeddings"].Dimensions);
        Assert.Equal(new[] { "masks", "iou_predictions", "low_res_masks" }, session.OutputMetadata.Keys.ToArray());

        var outputs = OrtRunner.Run(session, Inputs([518.4f, 313.6f, 0f, 0f], [1f, -1f], 48, 80, hqChannels: 8));
        Assert.Equal(new long[] { 1, 1, 48, 80 }, outputs["masks"].Shape);
        Assert.Equal(new long[] { 1, 1, 256, 256 }, outputs["low_res_masks"].Shape);
        Assert.Equal(new[] { 0.95f }, outputs["iou_predictions"].Floats); // the best multimask output, r = 140
        Assert.Equal(48f, outputs["masks"].At(0, 0, 24, 50), Tolerance);
        Assert.Equal(-3.2f, outputs["masks"].At(0, 0, 24, 51), Tolerance);
    }

    [Fact]
    public void WriteAllWritesSixDeterministicModelsThatOnnxRuntimeOpens()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        var paths = TinySamModels.WriteAll(Path.Combine(first.Path, "models"));
        var again = TinySamModels.WriteAll(second.Path);
        Assert.Equal(6, paths.All.Count);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(File.ReadAllBytes(paths.All[i]), File.ReadAllBytes(again.All[i]));
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(paths.All[i]);
            Assert.NotEmpty(session.OutputMetadata);
        }
        Assert.Equal("tiny_sam_decoder.onnx", Path.GetFileName(paths.Decoder));
        Assert.Equal("tiny_sam_decoder_batched.onnx", Path.GetFileName(paths.BatchedDecoder));
        Assert.True(new FileInfo(paths.Decoder).Length < 64 * 1024); // tiny: a few kilobytes
    }

    [Fact]
    public void BatchedDecoderHasADynamicBatchAxis()
    {
        using var session = OrtRunner.Open(TinySamModels.BatchedDecoder());
        Assert.Equal(OfficialInputs, session.InputMetadata.Keys.ToArray());
        Assert.Equal(new[] { 1, 256, 64, 64 }, session.InputMetadata["image_embeddings"].Dimensions);
        Assert.Equal(new[] { -1, -1, 2 }, session.InputMetadata["point_coords"].Dimensions);
        Assert.Equal("batch", session.InputMetadata["point_coords"].SymbolicDimensions[0]);
        Assert.Equal(new[] { -1, -1 }, session.InputMetadata["point_labels"].Dimensions);
        Assert.Equal(new[] { -1, 1, 256, 256 }, session.InputMetadata["mask_input"].Dimensions);
        Assert.Equal(new[] { -1 }, session.InputMetadata["has_mask_input"].Dimensions);
        Assert.Equal(new[] { -1, 4, -1, -1 }, session.OutputMetadata["masks"].Dimensions);
        Assert.Equal(new[] { -1, 4 }, session.OutputMetadata["iou_predictions"].Dimensions);
    }

    [Fact]
    public void BatchedDecoderAnswersEachPromptAsAlone()
    {
        // Prompt 0: the positive point (518.4, 313.6), the centre of pixel (40, 24), then padding. Prompt 1: a negative
        // point first, then the positive (313.6, 256), the centre of pixel (24, 19.5) -> between rows 19 and 20.
        float[] coords = [518.4f, 313.6f, 0f, 0f, 100f, 100f, 313.6f, 256f];
        float[] labels = [1f, -1f, 0f, 1f];
        var inputs = new (string, OrtTensor)[]
        {
            ("image_embeddings", OrtTensor.Of(new float[256 * 64 * 64], 1, 256, 64, 64)),
            ("point_coords", OrtTensor.Of(coords, 2, 2, 2)),
            ("point_labels", OrtTensor.Of(labels, 2, 2)),
            ("mask_input", OrtTensor.Of(new float[2 * 256 * 256], 2, 1, 256, 256)),
            ("has_mask_input", OrtTensor.Of([0f, 0f], 2)),
            ("orig_im_size", OrtTensor.Of([48f, 80f], 2)),
        };
        var outputs = OrtRunner.Run(TinySamModels.BatchedDecoder(), inputs);
        var masks = outputs["masks"];
        Assert.Equal(new long[] { 2, 4, 48, 80 }, masks.Shape);
        Assert.Equal(new long[] { 2, 4 }, outputs["iou_predictions"].Shape);
        Assert.Equal(new[] { 0.8f, 0.9f, 0.95f, 0.5f, 0.8f, 0.9f, 0.95f, 0.5f }, outputs["iou_predictions"].Floats);
        Assert.Equal(560f, masks.At(0, 2, 24, 40), Tolerance);
        Assert.Equal(48f, masks.At(0, 2, 24, 50), Tolerance);
        // Pixel (24, 19) of prompt 1 is 0.5 px = 6.4 away: mask 2 logit 4 (140 - 6.4) = 534.4; pixel (34, 19) is
        // sqrt(10^2 + 0.5^2) px = 128.16 away: 4 (140 - 128.16) = 47.36.
        Assert.Equal(534.4f, masks.At(1, 2, 19, 24), Tolerance);
        Assert.Equal(47.36f, masks.At(1, 2, 19, 34), 0.05f);

        // Each prompt equals the official decoder's answer to it alone, bit for bit.
        var alone = OrtRunner.Run(TinySamModels.Decoder(), Inputs(coords[4..], labels[2..], 48, 80))["masks"];
        for (int k = 0; k < 4; k++)
            for (int y = 0; y < 48; y++)
                for (int x = 0; x < 80; x++)
                    Assert.Equal(alone.At(0, k, y, x), masks.At(1, k, y, x));
        var low = outputs["low_res_masks"];
        Assert.Equal(new long[] { 2, 4, 256, 256 }, low.Shape);
    }
}
