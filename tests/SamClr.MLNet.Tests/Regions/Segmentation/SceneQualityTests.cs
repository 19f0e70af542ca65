using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Segmentation;
using SamClr.MLNet.Scenes;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Segmentation;

/// <summary>
/// Quality of the default proposer on the built-in scenes, on a seed (7) that was not used for tuning (seed 1).
/// </summary>
/// <remarks>
/// Floors: a single-level Felzenszwalb-Huttenlocher segmentation (k = 300, sigma 0.8, minimum size 20) reaches a mean
/// best IoU of about 0.66 on these scenes, before and after the coarsest-region selection (300 scenes of seed 2: 0.657
/// and 0.655). The default proposer measured 0.855 before and 0.706 after selection on those 300 scenes, and 0.863 and
/// 0.688 on the 30 scenes of this test. The floor before selection (0.75) lies between the baseline and the proposer,
/// so losing the multi-scale grouping fails here; the floor after selection (0.6) leaves room for the spread of 30
/// scenes and fails when the contrast filter stops keeping mixed object-and-background regions out (without it the
/// selection falls to about 0.2-0.45).
/// </remarks>
public class SceneQualityTests
{
    /// <summary>The minimum region area recommended for 96 px scenes: 100 px, about 1% of the image (objects cover 2-14%).</summary>
    private const int MinAreaAt96 = 100;

    [Fact]
    public void DefaultProposerFindsTheObjectsOfSyntheticScenes()
    {
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 30, Seed = 7 });
        var segmenter = new FelzenszwalbSegmenter();
        double proposed = 0, selected = 0;
        for (int i = 0; i < scenes.Images.Count; i++)
        {
            var regions = segmenter.Propose(scenes.Images.Image(i), 96, 96);
            proposed += RegionQuality.MeanBestIou(scenes.Objects[i], regions);
            var coarsest = RegionHierarchy.Coarsest(regions).Where(r => r.Area >= MinAreaAt96).ToList();
            selected += RegionQuality.MeanBestIou(scenes.Objects[i], coarsest);
        }
        Assert.True(proposed / scenes.Images.Count > 0.75, $"Mean best IoU of all proposals {proposed / scenes.Images.Count:F3} <= 0.75.");
        Assert.True(selected / scenes.Images.Count > 0.6, $"Mean best IoU after coarsest selection {selected / scenes.Images.Count:F3} <= 0.6.");
    }
}
