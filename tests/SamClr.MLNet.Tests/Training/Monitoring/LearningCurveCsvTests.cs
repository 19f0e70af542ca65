using SamClr.MLNet.Training.Monitoring;
using Xunit;

namespace SamClr.MLNet.Tests.Training.Monitoring;

public class LearningCurveCsvTests
{
    [Fact]
    public void CurvesSurviveARoundTrip()
    {
        var curves = new[]
        {
            new LearningCurve("SimCLR", new[] { new LearningCurvePoint(2, 30, 41.25, TimeSpan.FromTicks(123_456_789)), new LearningCurvePoint(4, 60, 1.0 / 3, TimeSpan.FromSeconds(20)) }),
            new LearningCurve("SAMCLR", new[] { new LearningCurvePoint(2, 30, 100, TimeSpan.Zero) }),
        };
        string path = Path.Combine(Path.GetTempPath(), $"samclr-curves-{Guid.NewGuid():N}.csv");
        try
        {
            LearningCurveCsv.Write(path, curves);
            Assert.Equal(LearningCurveCsv.Header, File.ReadLines(path).First());
            Assert.Equal("SimCLR,2,30,41.25,12.3456789", File.ReadLines(path).ElementAt(1));
            var read = LearningCurveCsv.Read(path);
            Assert.Equal(curves.Select(c => c.Name), read.Select(c => c.Name));
            for (int i = 0; i < curves.Length; i++) Assert.Equal(curves[i].Points, read[i].Points);
            Assert.False(File.Exists(path + ".tmp"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MalformedRowNamesTheLine()
    {
        string path = Path.Combine(Path.GetTempPath(), $"samclr-curves-{Guid.NewGuid():N}.csv");
        try
        {
            File.WriteAllText(path, LearningCurveCsv.Header + "\nSimCLR,2,30,41.25,1.0\nSimCLR,two,30,41.25,1.0\n");
            var error = Assert.Throws<InvalidDataException>(() => LearningCurveCsv.Read(path));
            Assert.Contains("line 3", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NamesWithCommasAreRejected() => Assert.Throws<ArgumentException>(() => new LearningCurve("Sim,CLR"));
}
