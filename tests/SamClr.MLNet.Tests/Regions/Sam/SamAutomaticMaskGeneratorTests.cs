using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sam;
using SamClr.MLNet.TinySam;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

/// <summary>
/// The generator end to end on TinySamModels. The tiny decoder's rule: for prompt point p (in the 1024 frame), mask k
/// is the set of pixels whose centre ((x + 0.5) s, (y + 0.5) s), s = 1024 / max(W, H), is closer to p than radius r_k,
/// with logits 4 (r_k - distance); radii 100, 70, 140, 280 and predicted IoUs 0.8, 0.9, 0.95, 0.5 for masks 0-3.
/// The generator uses masks 1-3; the 0.88 IoU threshold keeps radius 70 (0.9) and radius 140 (0.95).
/// </summary>
public sealed class SamAutomaticMaskGeneratorTests : IDisposable
{
    internal const int Width = 80, Height = 48;
    private readonly TinySamFiles _files = new();

    public void Dispose() => _files.Dispose();

    private TinySamModelPaths Paths => _files.Paths;

    internal static byte[] Image() => TinySamFiles.Image(Width, Height);

    /// <summary>The disc rule, computed independently of the generator: the mask of radius r around image point (x, y).</summary>
    private static BinaryMask Disc(float x, float y, float radius)
    {
        // Resized size of 80 x 48: 1024 x 614 (48 * 12.8 = 614.4 -> 614). Prompt in the 1024 frame: (x * 1024/80, y * 614/48).
        double px = x * (1024.0 / 80), py = y * (614.0 / 48), s = 1024.0 / 80;
        var mask = new BinaryMask(Width, Height);
        for (int row = 0; row < Height; row++)
            for (int col = 0; col < Width; col++)
            {
                double dx = (col + 0.5) * s - px, dy = (row + 0.5) * s - py;
                mask[col, row] = 4 * (radius - Math.Sqrt(dx * dx + dy * dy)) > 0;
            }
        return mask;
    }

    // PointsPerSide 4 on 80 x 48: x = (j + 0.5) / 4 * 80 = 10, 30, 50, 70; y = (i + 0.5) / 4 * 48 = 6, 18, 30, 42.
    private static readonly (float X, float Y)[] Grid =
        [.. from y in new[] { 6f, 18f, 30f, 42f } from x in new[] { 10f, 30f, 50f, 70f } select (x, y)];

    [Fact]
    public void TheOfficialDecoderGivesTwoDiscsPerPointInIouOrder()
    {
        using var amg = SamAutomaticMaskGenerator.Open(Paths.Encoder, Paths.Decoder, new() { PointsPerSide = 4 });
        var regions = amg.Propose(Image(), Width, Height);

        // 16 points x 2 kept masks. No NMS suppression: radius-140 discs (10.9 px) of neighbouring points 20 px apart
        // share at most one box column (IoU 0), 12 px apart vertically give box IoU about 0.3, and a radius-70 disc's
        // box inside its radius-140 disc's box has IoU about 0.3. Order: predicted IoU 0.95 first, ties in grid order.
        Assert.Equal(32, regions.Count);
        for (int i = 0; i < 32; i++)
        {
            var point = Grid[i % 16];
            float radius = i < 16 ? 140f : 70f;
            var expected = CocoRle.Encode(Disc(point.X, point.Y, radius));
            Assert.Equal(expected.Counts, regions[i].Mask.Counts);
            Assert.Equal(i < 16 ? 0.95f : 0.9f, regions[i].PredictedIou);
            Assert.Equal(point, regions[i].Point);
            Assert.Equal(CropBox.Whole(Width, Height), regions[i].CropBox);
            Assert.InRange(regions[i].StabilityScore, 0.95f, 1f);
        }
        // A spot check by hand: the radius-70 disc around (30, 18) -> 1024 frame (384, 230.25); pixel centres sit at
        // (c + 0.5) 12.8. Columns, on row 17 (centre 224, dy = 6.25): dx < sqrt(70^2 - 6.25^2) = 69.72 -> (c + 0.5) 12.8 in
        // (314.28, 453.72) -> c = 25..34. Rows, on column 29 or 30 (dx = 6.4): dy < sqrt(70^2 - 6.4^2) = 69.71 ->
        // (r + 0.5) 12.8 in (160.54, 299.96) -> r = 13..22. Box (25, 13) to (35, 23), exclusive ends.
        Assert.Equal(new CropBox(25, 13, 35, 23), regions[16 + 5].Box);
        Assert.Equal(SamExecutionProvider.Cpu, amg.Encoder.ExecutionProvider);
    }

    [Fact]
    public void TheHwcEncoderFormGivesTheSameEmbeddingAndRegions()
    {
        using var preprocessed = new SamImageEncoder(Paths.Encoder);
        using var hwc = new SamImageEncoder(Paths.EncoderHwc);
        Assert.Equal(SamEncoderInputForm.Preprocessed, preprocessed.InputForm);
        Assert.Equal(SamEncoderInputForm.HwcImage, hwc.InputForm);
        // Both resize bilinearly with half-pixel centres (C# here, ONNX Resize in the graph), so the embeddings agree.
        var a = preprocessed.Encode(Image(), Width, Height).ImageEmbeddings.Span;
        var b = hwc.Encode(Image(), Width, Height).ImageEmbeddings.Span;
        for (int i = 0; i < a.Length; i += 97) Assert.InRange(Math.Abs(a[i] - b[i]), 0f, 1e-4f);

        using var decoder = new SamMaskDecoder(Paths.Decoder);
        var amg = new SamAutomaticMaskGenerator(hwc, decoder, new() { PointsPerSide = 4 });
        Assert.Equal(32, amg.Propose(Image(), Width, Height).Count);
    }

    [Fact]
    public void TheHqDecoderGivesOneDiscPerPoint()
    {
        // HQ decoder: one mask (radius 140, IoU 0.95) per prompt, fed with the HQ encoder's interm_embeddings.
        using var amg = SamAutomaticMaskGenerator.Open(Paths.HqEncoder, Paths.HqDecoder, new() { PointsPerSide = 4 });
        Assert.True(amg.Decoder.IsHq);
        var regions = amg.Propose(Image(), Width, Height);
        Assert.Equal(16, regions.Count);
        for (int i = 0; i < 16; i++)
            Assert.Equal(CocoRle.Encode(Disc(Grid[i].X, Grid[i].Y, 140f)).Counts, regions[i].Mask.Counts);
    }

    [Fact]
    public void AnHqDecoderNeedsAnHqEncoder()
    {
        using var encoder = new SamImageEncoder(Paths.Encoder);
        using var decoder = new SamMaskDecoder(Paths.HqDecoder);
        var error = Assert.Throws<ArgumentException>(() => new SamAutomaticMaskGenerator(encoder, decoder));
        Assert.Contains("interm_embeddings", error.Message);
    }

    [Fact]
    public void ThresholdsFilterMasks()
    {
        // IoU threshold 0.92 keeps only the 0.95 masks; a zero threshold also keeps radius 280 (IoU 0.5): 16 x 3,
        // minus NMS: the radius-280 discs (21.9 px) cover most of the image, so their boxes overlap a lot.
        using var amg = SamAutomaticMaskGenerator.Open(Paths.Encoder, Paths.Decoder, new() { PointsPerSide = 4, PredIouThreshold = 0.92f });
        Assert.Equal(16, amg.Propose(Image(), Width, Height).Count);
    }

    [Fact]
    public void SmallRegionCleanUpFollowsSam()
    {
        // MinMaskRegionArea 10000 > 80 x 48 = 3840: every background component is a "hole" smaller than that, so each
        // mask is filled to the whole image; all masks changed (score 0), identical boxes -> NMS keeps the first one.
        using var amg = SamAutomaticMaskGenerator.Open(Paths.Encoder, Paths.Decoder, new() { PointsPerSide = 4, MinMaskRegionArea = 10000 });
        var regions = amg.Propose(Image(), Width, Height);
        Assert.Single(regions);
        Assert.Equal(Width * Height, regions[0].Area);
        Assert.Equal(Grid[0], regions[0].Point);
    }

    [Fact]
    public void CropLayersKeepMasksInsideTheirCrops()
    {
        using var amg = SamAutomaticMaskGenerator.Open(Paths.Encoder, Paths.Decoder, new() { PointsPerSide = 4, CropNLayers = 1, CropNPointsDownscaleFactor = 2 });
        var regions = amg.Propose(Image(), Width, Height);
        var crops = SamCropBoxes.Generate(Width, Height, 1, 512.0 / 1500).Select(c => c.ToCropBox()).ToArray();
        Assert.NotEmpty(regions);
        foreach (var region in regions)
        {
            Assert.Contains(region.CropBox!.Value, crops);
            Assert.True(region.Box!.Value.IsInside(region.CropBox.Value));
        }
        // Crop-level NMS leaves no two boxes overlapping by more than 0.7.
        var boxes = regions.Select(r => new SamMaskBox((int)r.Box!.Value.X0, (int)r.Box.Value.Y0, (int)r.Box.Value.X1 - 1, (int)r.Box.Value.Y1 - 1)).ToArray();
        for (int i = 0; i < boxes.Length; i++)
            for (int j = i + 1; j < boxes.Length; j++)
                Assert.False(SamMaskBox.IoU(boxes[i], boxes[j]) > 0.7);
    }

    [Fact]
    public void ParametersRecordOptionsAndModelHashes()
    {
        using var amg = SamAutomaticMaskGenerator.Open(Paths.Encoder, Paths.Decoder, new() { PointsPerSide = 4 });
        Assert.Equal("sam-amg", amg.Name);
        Assert.Equal("4", amg.Parameters["points_per_side"]);
        Assert.Equal("0.88", amg.Parameters["pred_iou_thresh"]);
        Assert.Equal("tiny_sam_decoder.onnx", amg.Parameters["decoder"]);
        Assert.Equal(64, amg.Parameters["encoder_sha256"].Length);
        Assert.False(amg.Parameters.ContainsKey("points_per_batch"));
    }

    [Fact]
    public void CancellationStopsTheWork()
    {
        using var amg = SamAutomaticMaskGenerator.Open(Paths.Encoder, Paths.Decoder, new() { PointsPerSide = 4 });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => amg.Propose(Image(), Width, Height, cancelled.Token));
    }

    [Fact]
    public void BadOptionsAndBuffersAreRejected()
    {
        using var encoder = new SamImageEncoder(Paths.Encoder);
        using var decoder = new SamMaskDecoder(Paths.Decoder);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SamAutomaticMaskGenerator(encoder, decoder, new() { BoxNmsThreshold = 1.5f }));
        Assert.Contains("BoxNmsThreshold", error.Message);
        var amg = new SamAutomaticMaskGenerator(encoder, decoder);
        Assert.Throws<ArgumentException>(() => amg.Propose(new byte[10], Width, Height));
    }
}
