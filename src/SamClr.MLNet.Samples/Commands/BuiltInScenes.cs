using SamClr.MLNet.Regions.Sampling;
using SamClr.MLNet.Scenes;

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
    /// Writes <paramref name="count"/> street frames of 512 x 256 (8-20 small objects each) with their ground-truth masks
    /// to <paramref name="work"/> and decodes the frames into an image store there, the way a user's image folder is read:
    /// views are cut from the frames at full resolution. Dispose the store after training.
    /// </summary>
    public static (ImageStore Store, string ImageFolder, string MaskFolder) PrepareStreet(int count, int seed, string work)
    {
        Console.WriteLine($"Writing {count} street frames of 512x256 px (8-20 objects of 10 classes, 0.5-3% of the frame each) with their masks to {work}...");
        var (images, masks) = SceneFolder.Write(StreetSceneGenerator.Generate(new StreetSceneOptions { Count = count, Seed = seed }), work);
        var store = (ImageStore)DatasetLoader.OpenForTraining(images, DatasetFormat.Folder, DataSplit.Unlabeled, Path.Combine(work, "image-store"),
            progress: new ImageStoreProgressBar());
        return (store, images, masks);
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
