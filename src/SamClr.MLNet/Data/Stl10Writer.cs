namespace SamClr.MLNet.Data;

/// <summary>Writes images in the binary STL-10 format read by <see cref="Stl10Reader"/>.</summary>
internal static class Stl10Writer
{
    /// <summary>
    /// Writes one split: the images as &lt;split&gt;_X.bin (each channel plane column by column) and, for
    /// <see cref="DataSplit.Train"/> and <see cref="DataSplit.Test"/>, the labels plus one as &lt;split&gt;_y.bin.
    /// </summary>
    /// <param name="directory">Where to write; created if needed.</param>
    /// <param name="split">Which split's files to write.</param>
    /// <param name="images">Images on a 96x96 canvas; labelled (at most 255 classes) unless the split is Unlabeled.</param>
    public static void WriteSplit(string directory, DataSplit split, ImageSet images)
    {
        BinaryDataFiles.CheckWritable(images, Stl10Reader.Side, 255, "STL-10", nameof(images));
        var labelFile = Stl10Reader.LabelFile(split);
        if (labelFile != null && images.Labels == null)
            throw new ArgumentException($"The STL-10 {split} split is labelled; this image set is not.", nameof(images));
        Directory.CreateDirectory(directory);
        const int side = Stl10Reader.Side, plane = side * side;
        var record = new byte[Stl10Reader.ImageBytes];
        using (var stream = new FileStream(Path.Combine(directory, Stl10Reader.ImageFile(split)), FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            for (int i = 0; i < images.Count; i++)
            {
                var image = images.Image(i);
                for (int c = 0; c < 3; c++)
                    for (int row = 0; row < side; row++)
                        for (int column = 0; column < side; column++)
                            record[c * plane + column * side + row] = image[c * plane + row * side + column];
                stream.Write(record);
            }
        }
        if (labelFile != null)
            File.WriteAllBytes(Path.Combine(directory, labelFile), images.Labels!.Select(l => (byte)(l + 1)).ToArray());
    }

    /// <summary>Writes class_names.txt: one class name per line.</summary>
    /// <param name="directory">The STL-10 directory.</param>
    /// <param name="classNames">Names indexed by label.</param>
    public static void WriteClassNames(string directory, IReadOnlyList<string> classNames) =>
        BinaryDataFiles.WriteClassNames(Path.Combine(directory, Stl10Reader.ClassNamesFile), classNames);
}
