using System.Globalization;
using SamClr.MLNet.Data;

namespace SamClr.MLNet.Regions.Import;

/// <summary>
/// Parses the <c>metadata.csv</c> that SAM's <c>scripts/amg.py</c> writes next to each image's mask PNGs (its default
/// output, without <c>--convert-to-rle</c>): the header <see cref="Header"/>, then one comma-separated row per mask
/// <c>i.png</c> as Python's <c>str()</c> prints the numbers. The bbox columns are not used (the box comes from the mask).
/// </summary>
internal static class AmgMetadataCsv
{
    /// <summary>The header line of amg.py's <c>write_masks_to_folder</c>.</summary>
    public const string Header =
        "id,area,bbox_x0,bbox_y0,bbox_w,bbox_h,point_input_x,point_input_y,predicted_iou,stability_score,crop_box_x0,crop_box_y0,crop_box_w,crop_box_h";

    private const int Columns = 14;

    public static IReadOnlyList<AmgMetadataRow> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0].Trim().TrimStart('\uFEFF') != Header)
            throw new InvalidDataException(
                $"'{path}' does not start with amg.py's metadata header \"{Header}\"; it is not a metadata.csv written by SAM's scripts/amg.py.");
        var rows = new List<AmgMetadataRow>();
        for (int line = 1; line < lines.Length; line++)
        {
            if (string.IsNullOrWhiteSpace(lines[line])) continue;
            rows.Add(ParseRow(path, line + 1, lines[line].Trim().Split(',')));
        }
        return rows;
    }

    private static AmgMetadataRow ParseRow(string path, int lineNumber, string[] cells)
    {
        if (cells.Length != Columns)
            throw new InvalidDataException($"'{path}' line {lineNumber}: {cells.Length} columns, expected {Columns} ({Header}).");
        float Number(int column) =>
            float.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
                ? value
                : throw new InvalidDataException($"'{path}' line {lineNumber}: {Header.Split(',')[column]} '{cells[column]}' is not a number.");
        if (!int.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            throw new InvalidDataException($"'{path}' line {lineNumber}: id '{cells[0]}' is not a non-negative integer.");
        if (!long.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out long area))
            throw new InvalidDataException($"'{path}' line {lineNumber}: area '{cells[1]}' is not a non-negative integer.");
        float cropX = Number(10), cropY = Number(11);
        return new AmgMetadataRow(id, area, (Number(6), Number(7)), Number(8), Number(9),
            new CropBox(cropX, cropY, cropX + Number(12), cropY + Number(13)));
    }
}
