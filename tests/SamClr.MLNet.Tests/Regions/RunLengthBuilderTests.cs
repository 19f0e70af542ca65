using SamClr.MLNet.Regions;
using Xunit;

namespace SamClr.MLNet.Tests.Regions;

public class RunLengthBuilderTests
{
    [Fact]
    public void CountsAlternatingRunsStartingWithUnsetPixels()
    {
        // Pixels 0 0 | 1 1 1 1 1 | 0 0 0 0 | 1: the hand-made mask of CocoRleTests, appended pixel by pixel and as spans.
        var runs = new RunLengthBuilder();
        runs.Append(false);
        runs.Append(false);
        runs.Append(true, 3);
        runs.Append(true);
        runs.Append(true);
        runs.Append(false, 4);
        runs.Append(true);
        Assert.Equal(new[] { 2, 5, 4, 1 }, runs.ToCounts());
    }

    [Fact]
    public void ASetFirstPixelGivesALeadingZeroRun()
    {
        // 1 1 | 0 | 1 1 1 -> [0, 2, 1, 3].
        var runs = new RunLengthBuilder();
        runs.Append(true, 2);
        runs.Append(false);
        runs.Append(true, 3);
        Assert.Equal(new[] { 0, 2, 1, 3 }, runs.ToCounts());
    }

    [Fact]
    public void EmptySpansChangeNothing()
    {
        // 0 0 0 | 1 1 with empty spans of either value in between -> [3, 2], as if they were not there.
        var runs = new RunLengthBuilder();
        runs.Append(true, 0);
        runs.Append(false, 3);
        runs.Append(true, 0);
        runs.Append(false, 0);
        runs.Append(true, 2);
        runs.Append(false, 0);
        Assert.Equal(new[] { 3, 2 }, runs.ToCounts());
    }

    [Fact]
    public void NothingAppendedIsOneEmptyRun()
    {
        Assert.Equal(new[] { 0 }, new RunLengthBuilder().ToCounts());
    }
}
