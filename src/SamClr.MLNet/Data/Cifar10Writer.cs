namespace SamClr.MLNet.Data;

/// <summary>Writes images in the binary CIFAR-10 format read by <see cref="Cifar10Reader"/>.</summary>
internal static class Cifar10Writer
{
    /// <summary>
    /// Writes a complete CIFAR-10 directory: <paramref name="train"/> split as evenly as possible over
    /// data_batch_1.bin .. data_batch_5.bin, <paramref name="test"/> as test_batch.bin, and the class names of
    /// <paramref name="train"/> as batches.meta.txt.
    /// </summary>
    /// <param name="directory">Where to write; created if needed.</param>
    /// <param name="train">Labelled 32x32 training images (at most 256 classes).</param>
    /// <param name="test">Labelled 32x32 test images with the same class names.</param>
    public static void Write(string directory, ImageSet train, ImageSet test)
    {
        if (train.ClassNames == null || test.ClassNames == null || !train.ClassNames.SequenceEqual(test.ClassNames))
            throw new ArgumentException("Training and test images must be labelled with the same class names.", nameof(test));
        Directory.CreateDirectory(directory);
        var batches = Cifar10Reader.TrainFiles;
        for (int b = 0; b < batches.Count; b++)
        {
            int start = (int)((long)train.Count * b / batches.Count), end = (int)((long)train.Count * (b + 1) / batches.Count);
            WriteBatch(Path.Combine(directory, batches[b]), train.Subset(Enumerable.Range(start, end - start).ToArray()));
        }
        WriteBatch(Path.Combine(directory, Cifar10Reader.TestFile), test);
        WriteClassNames(directory, train.ClassNames);
    }

    /// <summary>Writes one batch file: a 3073-byte record (label byte, red, green and blue 32x32 planes) per image.</summary>
    /// <param name="path">The batch file to create or overwrite.</param>
    /// <param name="images">Labelled images on a 32x32 canvas, at most 256 classes.</param>
    public static void WriteBatch(string path, ImageSet images)
    {
        BinaryDataFiles.CheckWritable(images, Cifar10Reader.Side, Cifar10Reader.MaxClasses, "CIFAR-10", nameof(images));
        if (images.Labels == null)
            throw new ArgumentException("CIFAR-10 records carry a label; this image set is unlabelled.", nameof(images));
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        for (int i = 0; i < images.Count; i++)
        {
            stream.WriteByte((byte)images.Labels[i]);
            stream.Write(images.Image(i));
        }
    }

    /// <summary>Writes batches.meta.txt: one class name per line.</summary>
    /// <param name="directory">The CIFAR-10 directory.</param>
    /// <param name="classNames">Names indexed by label.</param>
    public static void WriteClassNames(string directory, IReadOnlyList<string> classNames) =>
        BinaryDataFiles.WriteClassNames(Path.Combine(directory, Cifar10Reader.ClassNamesFile), classNames);
}
