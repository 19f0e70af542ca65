using SamClr.MLNet.Methods.Momentum;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Momentum;

public class DinoScheduleTests
{
    [Fact]
    public void TeacherTemperatureWarmsUpLinearlyThenStays()
    {
        // linspace(0.04, 0.07, 4) = 0.04, 0.05, 0.06, 0.07 for epochs 0-3, then 0.07.
        var schedule = new DinoTeacherTemperature(0.04, 0.07, 4);
        Assert.Equal(new[] { 0.04, 0.05, 0.06, 0.07, 0.07, 0.07 }, Enumerable.Range(0, 6).Select(e => Math.Round(schedule.At(e), 10)));
        // No warm-up: the final value from epoch 0. One warm-up epoch: linspace with one step is just the start.
        Assert.Equal(0.07, new DinoTeacherTemperature(0.04, 0.07, 0).At(0));
        Assert.Equal(new[] { 0.04, 0.07 }, new[] { 0, 1 }.Select(new DinoTeacherTemperature(0.04, 0.07, 1).At));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DinoTeacherTemperature(0, 0.04, 0).Validate());
    }
}
