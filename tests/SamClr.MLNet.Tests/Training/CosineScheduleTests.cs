using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Training;

public class CosineScheduleTests
{
    [Fact]
    public void WarmsUpLinearlyThenDecaysToZero()
    {
        // 2 warm-up steps then 5 decay steps: t = 0, 1/4, 1/2, 3/4, 1.
        Assert.Equal(0.5, CosineSchedule.LearningRate(0, 7, 2, 1.0), 12);
        Assert.Equal(1.0, CosineSchedule.LearningRate(1, 7, 2, 1.0), 12);
        Assert.Equal(1.0, CosineSchedule.LearningRate(2, 7, 2, 1.0), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI / 4)), CosineSchedule.LearningRate(3, 7, 2, 1.0), 12);
        Assert.Equal(0.5, CosineSchedule.LearningRate(4, 7, 2, 1.0), 12);
        Assert.Equal(0.0, CosineSchedule.LearningRate(6, 7, 2, 1.0), 12);
    }

    [Fact]
    public void RejectsWarmupLongerThanRun() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CosineSchedule.LearningRate(0, 3, 4, 1.0));
}
