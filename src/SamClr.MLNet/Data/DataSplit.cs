namespace SamClr.MLNet.Data;

/// <summary>Which part of a data set to read.</summary>
public enum DataSplit
{
    /// <summary>The labelled training images (CIFAR-10 data_batch_1..5, STL-10 train, an image folder's train/).</summary>
    Train,

    /// <summary>The labelled evaluation images (CIFAR-10 test_batch, STL-10 test, an image folder's val/ or test/).</summary>
    Test,

    /// <summary>Images without labels (STL-10 unlabeled, or every image under a folder tree).</summary>
    Unlabeled,
}
