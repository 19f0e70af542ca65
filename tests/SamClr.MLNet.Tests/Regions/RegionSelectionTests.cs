using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Views;
using Xunit;
using static SamClr.MLNet.Tests.Regions.RegionTestMasks;

namespace SamClr.MLNet.Tests.Regions;

public class RegionSelectionTests
{
    private static void AssertBox(CropBox expected, CropBox actual)
    {
        Assert.Equal(expected.X0, actual.X0, 4);
        Assert.Equal(expected.Y0, actual.Y0, 4);
        Assert.Equal(expected.X1, actual.X1, 4);
        Assert.Equal(expected.Y1, actual.Y1, 4);
    }

    [Fact]
    public void EnlargesAboutTheCentre()
    {
        // (4, 4, 8, 6) x 1.5: centre (6, 5); width 4 -> 6, height 2 -> 3 -> (3, 3.5, 9, 6.5).
        AssertBox(new CropBox(3, 3.5f, 9, 6.5f), BoxEnlargement.Enlarge(new CropBox(4, 4, 8, 6), 1.5, 20, 20));
        // The paper's c = 1.3 on (10, 10, 20, 20): centre 15, side 13 -> (8.5, 8.5, 21.5, 21.5).
        AssertBox(new CropBox(8.5f, 8.5f, 21.5f, 21.5f), BoxEnlargement.Enlarge(new CropBox(10, 10, 20, 20), 1.3, 40, 40));
    }

    [Fact]
    public void ClipsToTheImageOnEverySide()
    {
        // (0, 0, 4, 4) x 2 on 10 x 10: (-2, -2, 6, 6) -> (0, 0, 6, 6).
        AssertBox(new CropBox(0, 0, 6, 6), BoxEnlargement.Enlarge(new CropBox(0, 0, 4, 4), 2, 10, 10));
        // (8, 7, 10, 10) x 2: centre (9, 8.5), 4 x 6 -> (7, 5.5, 11, 11.5) -> (7, 5.5, 10, 10).
        AssertBox(new CropBox(7, 5.5f, 10, 10), BoxEnlargement.Enlarge(new CropBox(8, 7, 10, 10), 2, 10, 10));
    }

    [Fact]
    public void EnlargementRejectsBadInput()
    {
        var box = new CropBox(1, 1, 3, 3);
        Assert.Throws<ArgumentException>(() => BoxEnlargement.Enlarge(new CropBox(3, 1, 3, 3), 1.3, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoxEnlargement.Enlarge(box, 0, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoxEnlargement.Enlarge(box, double.NaN, 10, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoxEnlargement.Enlarge(box, 1.3, 0, 10));
        Assert.Contains("does not overlap", Assert.Throws<ArgumentException>(() => BoxEnlargement.Enlarge(new CropBox(20, 20, 22, 22), 1.3, 10, 10)).Message);
    }

    /// <summary>
    /// Regions on a 100 x 100 canvas holding an 80 x 80 image:
    /// R1 columns 10..49, rows 10..49 (40 x 40 = 1600); R2 columns 20..29, rows 20..29 (100, inside R1);
    /// R3 columns 52..76, rows 5..44 (25 x 40 = 1000); R4 columns 60..69, rows 50..64 (10 x 15 = 150);
    /// R5 columns 0..36, rows 52..78 (37 x 27 = 999). Only R2 is contained in another. Given out of area order
    /// (R2, R4, R1, R5, R3) so that the largest-first ordering is exercised.
    /// </summary>
    private static Region[] Scene() => new[]
    {
        Rectangle(100, 100, 20, 20, 30, 30),
        Rectangle(100, 100, 60, 50, 70, 65),
        Rectangle(100, 100, 10, 10, 50, 50),
        Rectangle(100, 100, 0, 52, 37, 79),
        Rectangle(100, 100, 52, 5, 77, 45),
    };

    [Fact]
    public void CandidateBoxesWithThePaperDefaults()
    {
        // Roots R1 (1600), R3 (1000), R5 (999), R4 (150); MinArea 1000 keeps R1 and R3 (1000 >= 1000).
        // R1 box (10, 10, 50, 50) x 1.3: centre 30, side 52 -> (4, 4, 56, 56).
        // R3 box (52, 5, 77, 45): centre (64.5, 25), 32.5 x 52 -> (48.25, -1, 80.75, 51) -> clipped (48.25, 0, 80, 51).
        var boxes = RegionSelection.CandidateBoxes(Scene(), 80, 80);
        Assert.Equal(2, boxes.Count);
        AssertBox(new CropBox(4, 4, 56, 56), boxes[0]);
        AssertBox(new CropBox(48.25f, 0, 80, 51), boxes[1]);
    }

    [Fact]
    public void CandidateBoxesWithTheAuthorsCodeSettings()
    {
        // MinArea 601 keeps R1, R3, R5; scale 2.
        // R1: side 80 about 30 -> (-10, -10, 70, 70) -> (0, 0, 70, 70).
        // R3: 50 x 80 about (64.5, 25) -> (39.5, -15, 89.5, 65) -> (39.5, 0, 80, 65).
        // R5 box (0, 52, 37, 79): 74 x 54 about (18.5, 65.5) -> (-18.5, 38.5, 55.5, 92.5) -> (0, 38.5, 55.5, 80).
        var boxes = RegionSelection.CandidateBoxes(Scene(), 80, 80, RegionSelectionOptions.AuthorsCode);
        Assert.Equal(3, boxes.Count);
        AssertBox(new CropBox(0, 0, 70, 70), boxes[0]);
        AssertBox(new CropBox(39.5f, 0, 80, 65), boxes[1]);
        AssertBox(new CropBox(0, 38.5f, 55.5f, 80), boxes[2]);
    }

    [Fact]
    public void NoSurvivingRegionGivesAnEmptyListMeaningTheWholeImage()
    {
        Assert.Empty(RegionSelection.CandidateBoxes(Scene(), 80, 80, new RegionSelectionOptions { MinArea = 5000 }));
        Assert.Empty(RegionSelection.CandidateBoxes(Array.Empty<Region>(), 80, 80));
    }

    [Fact]
    public void OptionsDefaultsScalingAndValidation()
    {
        var options = new RegionSelectionOptions();
        Assert.Equal(1000, options.MinArea);
        Assert.Equal(1.3, options.BoxScale);
        Assert.Equal(0.9, options.Containment);
        // A 1024-px image shown at 512 px: area scale 0.5^2 = 0.25 -> MinArea 250; the rest unchanged.
        var scaled = options.ScaledTo(0.25);
        Assert.Equal(250, scaled.MinArea);
        Assert.Equal(1.3, scaled.BoxScale);
        Assert.Equal(1000, options.MinArea);
        // With MinArea 250 the scene keeps R1, R3 and R5 (R4 has 150).
        Assert.Equal(3, RegionSelection.CandidateBoxes(Scene(), 80, 80, scaled).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ScaledTo(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegionSelectionOptions { MinArea = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegionSelectionOptions { BoxScale = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegionSelectionOptions { Containment = 1.1 });
    }
}
