using System.Text.Json;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Import;

/// <summary>
/// Writes regions in the JSON format of SAM's <c>scripts/amg.py --convert-to-rle</c> (see <see cref="AmgJsonReader"/>),
/// so Python tools that read amg.py output read ours. Per record: <c>segmentation</c> with pycocotools' compressed
/// counts string; <c>area</c>; <c>bbox</c> as SAM computes it (x, y of the top-left pixel, width and height as
/// last-minus-first pixel index, so a one-pixel mask has width 0; [0, 0, 0, 0] for an empty mask);
/// <c>predicted_iou</c> and <c>stability_score</c> (null when NaN, which JSON cannot hold); <c>point_coords</c> as
/// [[x, y]] (an empty list when the region has no point); <c>crop_box</c> as [x, y, width, height] (the whole image,
/// as SAM writes when it does not crop, when the region has none).
/// </summary>
internal static class AmgJsonWriter
{
    /// <summary>Writes <paramref name="regions"/> to the JSON file at <paramref name="path"/>, replacing it.</summary>
    public static void Write(string path, IReadOnlyList<Region> regions)
    {
        using var stream = File.Create(path);
        Write(stream, regions);
    }

    /// <summary>Writes <paramref name="regions"/> as a JSON list of amg.py records to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, IReadOnlyList<Region> regions)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(regions);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartArray();
        foreach (var region in regions)
            WriteRecord(writer, region);
        writer.WriteEndArray();
    }

    private static void WriteRecord(Utf8JsonWriter writer, Region region)
    {
        var mask = region.Mask;
        writer.WriteStartObject();
        writer.WriteStartObject("segmentation");
        writer.WriteStartArray("size");
        writer.WriteNumberValue(mask.Height);
        writer.WriteNumberValue(mask.Width);
        writer.WriteEndArray();
        writer.WriteString("counts", mask.ToCompressedString());
        writer.WriteEndObject();
        writer.WriteNumber("area", region.Area);
        var box = region.Box is { } b ? new CropBox(b.X0, b.Y0, b.X1 - 1, b.Y1 - 1) : new CropBox(0, 0, 0, 0);
        WriteXywh(writer, "bbox", box.X0, box.Y0, box.Width, box.Height);
        WriteScore(writer, "predicted_iou", region.PredictedIou);
        writer.WriteStartArray("point_coords");
        if (region.Point is { } point)
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(point.X);
            writer.WriteNumberValue(point.Y);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        WriteScore(writer, "stability_score", region.StabilityScore);
        var crop = region.CropBox ?? CropBox.Whole(mask.Width, mask.Height);
        WriteXywh(writer, "crop_box", crop.X0, crop.Y0, crop.Width, crop.Height);
        writer.WriteEndObject();
    }

    private static void WriteXywh(Utf8JsonWriter writer, string name, float x, float y, float width, float height)
    {
        writer.WriteStartArray(name);
        writer.WriteNumberValue(x);
        writer.WriteNumberValue(y);
        writer.WriteNumberValue(width);
        writer.WriteNumberValue(height);
        writer.WriteEndArray();
    }

    private static void WriteScore(Utf8JsonWriter writer, string name, float value)
    {
        if (float.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}
