using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Segmentation;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Segmentation;

/// <summary>
/// Quality of the default proposer on the built-in scenes, on a seed (7) that was not used for tuning (seed 1).
/// </summary>
/// <remarks>
/// Floors: a single-level Felzenszwalb-Huttenlocher segmentation (k = 300, sigma 0.8, minimum size 20) reaches a mean
/// best IoU of about 0.67 on these scenes, before and after the coarsest-region selection. The default proposer is
/// meant to beat it clearly: over 300 scenes of seed 2 it measured 0.85 before and 0.74 after selection. The floors
/// (0.75 and 0.65) sit about 0.1 below those, room for the spread of 50 scenes, and above the single-level baseline
/// before selection, so a change that loses the multi-scale grouping or the contrast filter fails here.
/// </remarks>
public class SceneQualityTests
{
    /// <summary>The minimum region area recommended for 96 px scenes: 100 px, about 1% of the image (objects cover 2-14%).</summary>
    private const int MinAreaAt96 = 100;

    [Fact]
    public void DefaultProposerFindsTheObjectsOfSyntheticScenes()
    {
        var scenes = SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = 50, Seed = 7 });
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
        Assert.True(selected / scenes.Images.Count > 0.65, $"Mean best IoU after coarsest selection {selected / scenes.Images.Count:F3} <= 0.65.");
    }
}
