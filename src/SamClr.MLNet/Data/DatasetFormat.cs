namespace SamClr.MLNet.Data;

/// <summary>The on-disk layouts a data set can have.</summary>
public enum DatasetFormat
{
    /// <summary>The binary CIFAR-10 batches, read by <see cref="Cifar10Reader"/>.</summary>
    Cifar10,

    /// <summary>The binary STL-10 files, read by <see cref="Stl10Reader"/>.</summary>
    Stl10,

    /// <summary>A folder of image files, read by <see cref="ImageFolderReader"/>.</summary>
    Folder,
}
