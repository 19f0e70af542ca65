using SamClr.MLNet.Regions.Store;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>The images of a data set as (store key, lazy decode) pairs, so a large folder is never held in memory at once.</summary>
internal static class ImageSources
{
    /// <summary>
    /// The images of the data set at <paramref name="path"/>, each decoded when its turn comes with its longest side
    /// reduced to at most <paramref name="canvas"/> pixels (images are never enlarged).
    /// </summary>
    public static IReadOnlyList<(string Key, Func<DecodedImage> Load)> Enumerate(string path, DatasetFormat format, int canvas)
    {
        if (format == DatasetFormat.Folder)
            return ImageFolderReader.FindImages(path)
                .Select(file => (StoreKeys.ForFile(path, file), (Func<DecodedImage>)(() =>
                {
                    var size = ImageDecoder.ReadSize(file);
                    return ImageDecoder.Decode(file, Math.Min(canvas, Math.Max(size.Width, size.Height)));
                })))
                .ToArray();
        int nativeSide = format == DatasetFormat.Cifar10 ? Cifar10Reader.Side : Stl10Reader.Side;
        var set = DatasetLoader.Load(path, format, format == DatasetFormat.Cifar10 ? DataSplit.Train : DataSplit.Unlabeled, Math.Min(canvas, nativeSide));
        return Enumerable.Range(0, set.Count)
            .Select(i => (set.Sources is null ? $"row/{i}" : StoreKeys.FromSource(path, set.Sources[i]),
                (Func<DecodedImage>)(() => new DecodedImage(set.Image(i).ToArray(), set.Sizes[i]))))
            .ToArray();
    }
}
