using System.Text.Json;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Import;

/// <summary>
/// Reads the masks SAM's <c>scripts/amg.py --convert-to-rle</c> writes for one image: a JSON list of records
/// <c>{segmentation: {size: [h, w], counts}, area, bbox: [x, y, w, h], predicted_iou, point_coords: [[x, y]],
/// stability_score, crop_box: [x, y, w, h]}</c>. <c>counts</c> may be pycocotools' compressed string (what amg.py
/// writes) or a list of run lengths (uncompressed RLE).
/// <para>
/// Only <c>segmentation</c> is required. A missing or null <c>predicted_iou</c> / <c>stability_score</c> becomes NaN, a
/// missing or empty <c>point_coords</c> / <c>crop_box</c> becomes null. <c>bbox</c> is not read: SAM's bbox measures
/// width as right minus left pixel index (one less than COCO's), and <see cref="Region.Box"/> is computed from the mask
/// itself. <c>area</c> is compared with the decoded mask (<see cref="AmgAreaCheck"/>), and every mask must have the
/// image's size.
/// </para>
/// </summary>
public static class AmgJsonReader
{
    /// <summary>Reads the mask records in the JSON file at <paramref name="path"/>.</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="imageSize">The size of the image the masks belong to (its original size, as amg.py saw it); null to only require that all masks agree.</param>
    /// <param name="areaCheck">What a wrong <c>area</c> does; <see cref="AmgAreaCheck.Error"/> by default.</param>
    /// <param name="warnings">Counts tolerated problems (an empty list, an area mismatch under <see cref="AmgAreaCheck.Warn"/>); null to not count them.</param>
    /// <exception cref="InvalidDataException">The file is not a JSON list of records, a record is malformed or holds invalid RLE, a mask has the wrong size, or (by default) an area is wrong; the message names the file and the record index.</exception>
    public static IReadOnlyList<Region> Read(string path, ImageSize? imageSize = null, AmgAreaCheck areaCheck = AmgAreaCheck.Error,
        ImportWarnings? warnings = null)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, imageSize, areaCheck, warnings);
    }

    /// <summary>Reads mask records from <paramref name="json"/>; <paramref name="name"/> is what error messages call the source.</summary>
    /// <param name="json">The JSON text's bytes.</param>
    /// <param name="name">The file name used in messages.</param>
    /// <param name="imageSize">The size of the image the masks belong to; null to only require that all masks agree.</param>
    /// <param name="areaCheck">What a wrong <c>area</c> does; <see cref="AmgAreaCheck.Error"/> by default.</param>
    /// <param name="warnings">Counts tolerated problems; null to not count them.</param>
    /// <exception cref="InvalidDataException">As for the file overload.</exception>
    public static IReadOnlyList<Region> Read(Stream json, string name, ImageSize? imageSize = null, AmgAreaCheck areaCheck = AmgAreaCheck.Error,
        ImportWarnings? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Mask file '{name}' is not valid JSON ({e.Message}); expected the list of mask records amg.py --convert-to-rle writes.", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException(
                    $"Mask file '{name}' holds a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not a list of mask records; " +
                    "expected the JSON list amg.py --convert-to-rle writes for one image.");
            var regions = new List<Region>(root.GetArrayLength());
            ImageSize? firstSeen = null;
            int index = 0;
            foreach (var record in root.EnumerateArray())
            {
                regions.Add(ReadRecord(record, name, index, imageSize, ref firstSeen, areaCheck, warnings));
                index++;
            }
            if (regions.Count == 0)
                warnings?.EmptyRegionList($"Mask file '{name}' holds no regions; the image trains on the whole image.");
            return regions;
        }
    }

    private static Region ReadRecord(JsonElement record, string name, int index, ImageSize? imageSize, ref ImageSize? firstSeen,
        AmgAreaCheck areaCheck, ImportWarnings? warnings)
    {
        try
        {
            if (record.ValueKind != JsonValueKind.Object)
                throw Bad($"is a JSON {record.ValueKind.ToString().ToLowerInvariant()}, not an object");
            if (!record.TryGetProperty("segmentation", out var segmentation) || segmentation.ValueKind != JsonValueKind.Object)
                throw Bad("has no segmentation object");
            var mask = ReadMask(segmentation);
            AmgRecordChecks.Size(name, index, mask, imageSize, ref firstSeen);
            long? area = Present(record, "area") is { } a ? a.GetInt64() : null;
            AmgRecordChecks.Area(name, index, mask, area, areaCheck, warnings);
            return new Region(mask, Float(record, "predicted_iou"), Float(record, "stability_score"), ReadPoint(record), ReadCropBox(record));
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"Mask file '{name}', record {index}: {e.Message}", e);
        }
    }

    private static CocoRle ReadMask(JsonElement segmentation)
    {
        if (!segmentation.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Array || size.GetArrayLength() != 2)
            throw Bad("segmentation.size is not [height, width]");
        int height = size[0].GetInt32(), width = size[1].GetInt32();
        if (!segmentation.TryGetProperty("counts", out var counts))
            throw Bad("segmentation has no counts");
        try
        {
            return counts.ValueKind switch
            {
                JsonValueKind.String => CocoRle.FromCompressedString(counts.GetString()!, height, width),
                JsonValueKind.Array => CocoRle.FromCounts(counts.EnumerateArray().Select(c => c.GetInt32()).ToArray(), height, width),
                _ => throw Bad("segmentation.counts is neither a compressed RLE string nor a list of run lengths"),
            };
        }
        catch (InvalidDataException e)
        {
            throw Bad($"invalid RLE: {e.Message}");
        }
    }

    private static (float X, float Y)? ReadPoint(JsonElement record)
    {
        if (Present(record, "point_coords") is not { } points || points.GetArrayLength() == 0) return null;
        var first = points[0];
        if (first.ValueKind != JsonValueKind.Array || first.GetArrayLength() != 2)
            throw Bad("point_coords is not a list of [x, y] pairs");
        return ((float)first[0].GetDouble(), (float)first[1].GetDouble());
    }

    private static CropBox? ReadCropBox(JsonElement record)
    {
        if (Present(record, "crop_box") is not { } box || box.GetArrayLength() == 0) return null;
        if (box.GetArrayLength() != 4)
            throw Bad("crop_box is not [x, y, width, height]");
        float x = (float)box[0].GetDouble(), y = (float)box[1].GetDouble();
        return new CropBox(x, y, x + (float)box[2].GetDouble(), y + (float)box[3].GetDouble());
    }

    private static float Float(JsonElement record, string property) =>
        Present(record, property) is { } value ? (float)value.GetDouble() : float.NaN;

    private static JsonElement? Present(JsonElement record, string property) =>
        record.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static FormatException Bad(string why) => new(why);
}
