using Microsoft.ML;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sampling;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>The built-in scenes as the demo and curves commands compare SimCLR and SAMCLR on them.</summary>
internal static class BuiltInScenes
{
    /// <summary>
    /// Writes <paramref name="count"/> scenes of 96 px with their ground-truth masks (amg.py JSON) to
    /// <paramref name="work"/> and reads the images back as an IDataView with Image and Source columns.
    /// </summary>
    public static (IDataView Scenes, string ImageFolder, string MaskFolder) Prepare(MLContext ml, int count, int seed, string work)
    {
        Console.WriteLine($"Writing {count} scenes of 96 px (3-5 objects of 10 classes on clutter) with their masks to {work}...");
        var (images, masks) = SceneFolder.Write(SyntheticSceneGenerator.Generate(new SyntheticSceneOptions { Count = count, ImageSize = 96, Seed = seed }), work);
        return (DatasetLoader.Load(images, DatasetFormat.Folder, DataSplit.Unlabeled, 96).ToDataView(ml), images, masks);
    }

    /// <summary>
    /// SamRegionSample over the written scenes: regions from the ground-truth masks imported as amg.py JSON (a perfect
    /// SAM), or from the weight-free segmenter when <paramref name="maskFolder"/> is null.
    /// </summary>
    public static SamRegionSampleEstimator Regions(MLContext ml, string imageFolder, string? maskFolder, RegionSelectionOptions selection) =>
        ml.Transforms.SamRegionSample(new SamRegionSampleOptions
        {
            ImagePathColumnName = ImageSetDataViewExtensions.SourceColumn,
            ImageRoot = imageFolder,
            MasksDirectory = maskFolder,
            Selection = selection,
        });
}
