using System.Text;
using System.Text.Json;
using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Views;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Import;

public class AmgJsonWriterTests
{
    [Fact]
    public void WritesAmgRecordsThatReadBack()
    {
        // Runs [3, 2, 5, 2] on a 4 x 3 image: pixels (1,0) (1,1) (3,1) (3,2); box [1, 4) x [0, 3).
        var first = new Region(CocoRle.FromCounts(new[] { 3, 2, 5, 2 }, 3, 4), 0.9f, 0.95f, (1.5f, 0.5f), new CropBox(0, 0, 4, 3));
        var second = new Region(CocoRle.FromCounts(new[] { 12 }, 3, 4)); // empty mask, no scores, no point, no crop box
        using var memory = new MemoryStream();

        AmgJsonWriter.Write(memory, new[] { first, second });

        using var json = JsonDocument.Parse(memory.ToArray());
        var records = json.RootElement;
        Assert.Equal(2, records.GetArrayLength());
        // Compressed by hand: 3, 2, 5 as-is, then 2 - runs[1] = 0 -> "3250".
        Assert.Equal("3250", records[0].GetProperty("segmentation").GetProperty("counts").GetString());
        Assert.Equal(4, records[0].GetProperty("area").GetInt32());
        // SAM's bbox: x0 = 1, y0 = 0, width = last - first column = 3 - 1 = 2, height = 2 - 0 = 2.
        Assert.Equal(new[] { 1.0, 0, 2, 2 }, records[0].GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(new[] { 0.0, 0, 0, 0 }, records[1].GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(JsonValueKind.Null, records[1].GetProperty("predicted_iou").ValueKind);
        Assert.Equal(0, records[1].GetProperty("point_coords").GetArrayLength());
        // No crop box -> the whole image, x, y, w, h = 0, 0, 4, 3.
        Assert.Equal(new[] { 0.0, 0, 4, 3 }, records[1].GetProperty("crop_box").EnumerateArray().Select(v => v.GetDouble()));

        memory.Position = 0;
        var back = AmgJsonReader.Read(memory, "memory", new SamClr.MLNet.Data.ImageSize(4, 3));
        Assert.Equal(first.Mask.Counts, back[0].Mask.Counts);
        Assert.Equal(first.PredictedIou, back[0].PredictedIou);
        Assert.Equal(first.StabilityScore, back[0].StabilityScore);
        Assert.Equal(first.Point, back[0].Point);
        Assert.Equal(first.CropBox, back[0].CropBox);
        Assert.Equal(0, back[1].Area);
        Assert.True(float.IsNaN(back[1].PredictedIou));
    }
}
