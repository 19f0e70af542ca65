using Microsoft.ML.Data;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions;

/// <summary>
/// How candidate region boxes travel in an ML.NET column: a variable-length Vector&lt;Single&gt; holding
/// x0, y0, x1, y1 of each box in turn, in the pixel coordinates of the original image (x1, y1 exclusive).
/// An empty vector means "no region: train on the whole image".
/// </summary>
internal static class RegionBoxesColumn
{
    /// <summary>The column type: a variable-length vector of Single.</summary>
    public static VectorDataViewType Type { get; } = new(NumberDataViewType.Single);

    /// <summary>Flattens <paramref name="boxes"/> into the column's layout.</summary>
    public static float[] Flatten(IReadOnlyList<CropBox> boxes)
    {
        var values = new float[4 * boxes.Count];
        for (int i = 0; i < boxes.Count; i++)
        {
            values[4 * i] = boxes[i].X0;
            values[4 * i + 1] = boxes[i].Y0;
            values[4 * i + 2] = boxes[i].X1;
            values[4 * i + 3] = boxes[i].Y1;
        }
        return values;
    }

    /// <summary>
    /// Reads the boxes of one row, scaled by <paramref name="scale"/> (original image pixels to canvas pixels)
    /// and clipped to <paramref name="limit"/>; boxes left empty by clipping are dropped.
    /// </summary>
    /// <param name="values">The row's vector.</param>
    /// <param name="scale">Factor from original image pixels to canvas pixels.</param>
    /// <param name="limit">The image's valid extent on the canvas.</param>
    /// <param name="columnName">Column name, for error messages.</param>
    /// <param name="row">Row index, for error messages.</param>
    /// <exception cref="InvalidDataException">The vector's length is not a multiple of 4 or a value is not finite.</exception>
    public static CropBox[] Read(in VBuffer<float> values, float scale, CropBox limit, string columnName, long row)
    {
        var dense = values.DenseValues().ToArray();
        if (dense.Length % 4 != 0)
            throw new InvalidDataException(
                $"Row {row} of region column '{columnName}' has {dense.Length} values; region boxes need 4 each (x0, y0, x1, y1). Produce the column with mlContext.Transforms.SamRegionSample.");
        var boxes = new List<CropBox>(dense.Length / 4);
        for (int i = 0; i < dense.Length; i += 4)
        {
            if (!float.IsFinite(dense[i]) || !float.IsFinite(dense[i + 1]) || !float.IsFinite(dense[i + 2]) || !float.IsFinite(dense[i + 3]))
                throw new InvalidDataException($"Row {row} of region column '{columnName}' holds a non-finite box coordinate.");
            var box = new CropBox(
                Math.Max(limit.X0, dense[i] * scale), Math.Max(limit.Y0, dense[i + 1] * scale),
                Math.Min(limit.X1, dense[i + 2] * scale), Math.Min(limit.Y1, dense[i + 3] * scale));
            if (box.IsValid) boxes.Add(box);
        }
        return boxes.ToArray();
    }
}
