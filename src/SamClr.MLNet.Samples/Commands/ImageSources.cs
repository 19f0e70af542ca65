using SamClr.MLNet.Data;
using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>The images of a data set as (store key, lazy decode) pairs, so a large folder is never held in memory at once.</summary>
internal static class ImageSources
{
    public static IReadOnlyList<(string Key, Func<DecodedImage> Load)> Enumerate(string path, DatasetFormat format, int canvas)
    {
        if (format == DatasetFormat.Folder)
            return ImageFolderReader.FindImages(path)
                .Select(file => (StoreKeys.ForFile(path, file), (Func<DecodedImage>)(() => ImageDecoder.Decode(file, canvas))))
                .ToArray();
        var set = DatasetLoader.Load(path, format, format == DatasetFormat.Cifar10 ? DataSplit.Train : DataSplit.Unlabeled, canvas);
        return Enumerable.Range(0, set.Count)
            .Select(i => (set.Sources is null ? $"row/{i}" : StoreKeys.FromSource(path, set.Sources[i]),
                (Func<DecodedImage>)(() => new DecodedImage(set.Image(i).ToArray(), set.Sizes[i]))))
            .ToArray();
    }
}
