using Microsoft.ML;
using Microsoft.ML.Runtime;
using SamClr.MLNet.Pretraining;
using Xunit;

namespace SamClr.MLNet.Tests.Pretraining;

public class RegionReadingLogTests
{
    [Fact]
    public void ReportsEveryTenthOfAKnownCountAndEveryHundredRowsOfAnUnknownOne()
    {
        var ml = new MLContext(seed: 0);
        var lines = new List<string>();
        ml.Log += (_, e) =>
        {
            if (e.Kind == ChannelMessageKind.Info && RegionReadingLog.IsProgress(e.RawMessage)) lines.Add(e.RawMessage);
        };
        using (var channel = ((IHostEnvironment)ml).Start("test"))
        {
            var known = new RegionReadingLog(channel, "SAMCLR");
            for (int rows = 1; rows <= 25; rows++) known.RowRead(rows, 25);
            var unknown = new RegionReadingLog(channel, "MoCo");
            for (int rows = 1; rows <= 250; rows++) unknown.RowRead(rows, null);
        }

        // 25 rows: a new tenth (10 x rows / 25, rounded down) starts at rows 3, 5, 8, 10, 13, 15, 18, 20, 23 and 25.
        Assert.Equal(new[] { 3, 5, 8, 10, 13, 15, 18, 20, 23, 25 },
            lines.Where(l => l.StartsWith("SAMCLR: regions read for ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[4])));
        Assert.All(lines.Take(10), l => Assert.Contains(" of 25 images (", l));
        Assert.Equal(new[] { "MoCo: regions read for 100 images", "MoCo: regions read for 200 images" },
            lines.Skip(10).Select(l => l[..l.IndexOf(" (", StringComparison.Ordinal)]));
    }
}
