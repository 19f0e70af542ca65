using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public class SamCropBoxesTests
{
    private const double OverlapRatio = 512.0 / 1500.0;

    [Fact]
    public void NoCropLayersGiveTheWholeImage()
    {
        Assert.Equal([new SamCrop(0, 0, 80, 48, 0)], SamCropBoxes.Generate(80, 48, 0, OverlapRatio));
    }

    [Fact]
    public void OneLayerGivesFourOverlappingCrops()
    {
        // 80 x 48, short side 48. Layer 1: 2 crops per side, overlap = int(0.34133 * 48 * 2/2) = int(16.38) = 16.
        // Width: ceil((16 * 1 + 80) / 2) = 48, starts int((48 - 16) * i) = 0, 32.
        // Height: ceil((16 + 48) / 2) = 32, starts (32 - 16) * j = 0, 16. x outer, y inner.
        var crops = SamCropBoxes.Generate(80, 48, 1, OverlapRatio);
        Assert.Equal(
            [
                new SamCrop(0, 0, 80, 48, 0),
                new SamCrop(0, 0, 48, 32, 1), new SamCrop(0, 16, 48, 48, 1),
                new SamCrop(32, 0, 80, 32, 1), new SamCrop(32, 16, 80, 48, 1),
            ],
            crops);
    }

    [Fact]
    public void TheSecondLayerHasSixteenCrops()
    {
        // Layer 2: 4 per side, overlap = int(0.34133 * 48 * 2/4) = int(8.19) = 8.
        // Width ceil((8 * 3 + 80) / 4) = 26, starts 18 i = 0, 18, 36, 54. Height ceil((24 + 48) / 4) = 18, starts 10 j.
        var crops = SamCropBoxes.Generate(80, 48, 2, OverlapRatio);
        Assert.Equal(1 + 4 + 16, crops.Count);
        Assert.Equal(new SamCrop(0, 0, 26, 18, 2), crops[5]);
        Assert.Equal(new SamCrop(0, 10, 26, 28, 2), crops[6]);
        Assert.Equal(new SamCrop(18, 0, 44, 18, 2), crops[9]);
        Assert.Equal(new SamCrop(54, 30, 80, 48, 2), crops[20]);
    }

    [Fact]
    public void BoxesNearACropEdgeButNotTheImageEdgeAreFlagged()
    {
        var crop = new SamCrop(32, 0, 80, 32, 1);
        // Crop frame (2,5,20,10) -> image (34,5,52,10): left side 34 is 2 px from the crop's 32 and 34 px from the image's 0.
        Assert.True(new SamMaskBox(2, 5, 20, 10).IsNearCropEdge(crop, 80, 48));
        // Crop frame (25,5,40,10) -> image (57,5,72,10): left 57 is 25 px from 32; top 5 is near the crop top but that is
        // the image top too; right 72 is 8 px from the crop's 80, which is the image edge too; bottom 10 is 22 px from 32.
        Assert.False(new SamMaskBox(25, 5, 40, 10).IsNearCropEdge(crop, 80, 48));
        // Crop frame (25,5,40,12) -> bottom 12 is 20 px from the crop bottom 32 (|12 - 32| <= 20) and 36 px from 48.
        Assert.True(new SamMaskBox(25, 5, 40, 12).IsNearCropEdge(crop, 80, 48));
        // The whole-image crop never flags a box.
        Assert.False(new SamMaskBox(0, 0, 79, 47).IsNearCropEdge(new SamCrop(0, 0, 80, 48, 0), 80, 48));
    }

    [Fact]
    public void MaskBoxesAreInclusiveAndEmptyMasksGetZeroBoxes()
    {
        // 5 x 4 logits; > 0 at (1,1), (3,1), (2,2): columns 1..3, rows 1..2.
        float[] logits =
        [
            0, 0, 0, 0, 0,
            0, 1, 0, 2, 0,
            0, 0, 5, 0, 0,
            0, 0, 0, 0, -1,
        ];
        Assert.Equal(new SamMaskBox(1, 1, 3, 2), SamMaskBox.FromLogits(logits, 5, 4, 0f));
        Assert.Equal(2 * 1, new SamMaskBox(1, 1, 3, 2).Area);
        // Threshold 1.5 leaves (3,1) and (2,2).
        Assert.Equal(new SamMaskBox(2, 1, 3, 2), SamMaskBox.FromLogits(logits, 5, 4, 1.5f));
        Assert.Equal(default, SamMaskBox.FromLogits(logits, 5, 4, 10f));
    }
}
