using SamClr.MLNet.Methods;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Dino;

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

    [Fact]
    public void TeacherFollowsTheStudentByEma()
    {
        // Student weights 1, teacher 0, momentum 0.99: 0.99 x 0 + 0.01 x 1 = 0.01, then 0.99 x 0.01 + 0.01 = 0.0199.
        using var student = nn.Linear(2, 1);
        using var teacher = nn.Linear(2, 1);
        DinoTeacherUpdate.Initialize(student, teacher);
        Assert.All(teacher.parameters(), p => Assert.False(p.requires_grad));
        Assert.Equal(student.weight!.data<float>().ToArray(), teacher.weight!.data<float>().ToArray());
        using (no_grad())
        {
            foreach (var p in student.parameters()) p.fill_(1);
            foreach (var p in teacher.parameters()) p.fill_(0);
        }
        DinoTeacherUpdate.Follow(student, teacher, 0.99);
        Assert.All(teacher.parameters(), p => Assert.All(p.data<float>().ToArray(), v => Assert.Equal(0.01f, v, 6)));
        DinoTeacherUpdate.Follow(student, teacher, 0.99);
        Assert.All(teacher.parameters(), p => Assert.All(p.data<float>().ToArray(), v => Assert.Equal(0.0199f, v, 6)));
        Assert.Throws<ArgumentException>(() => DinoTeacherUpdate.Follow(student, nn.Linear(3, 1), 0.99));
    }

    [Fact]
    public void CosineMomentumRisesFromStartToOne()
    {
        // 5 steps from 0.99: t = step / 4; m = 1 - 0.01 (cos(pi t) + 1) / 2 -> 0.99, 1 - 0.01 (1 + 1/sqrt 2)/2, 0.995, ..., 1.
        Assert.Equal(0.99, DinoTeacherUpdate.CosineMomentum(0, 5, 0.99), 12);
        Assert.Equal(1 - 0.01 * (1 + Math.Sqrt(0.5)) / 2, DinoTeacherUpdate.CosineMomentum(1, 5, 0.99), 12);
        Assert.Equal(0.995, DinoTeacherUpdate.CosineMomentum(2, 5, 0.99), 12);
        Assert.Equal(1.0, DinoTeacherUpdate.CosineMomentum(4, 5, 0.99), 12);
        Assert.Equal(1.0, DinoTeacherUpdate.CosineMomentum(0, 1, 0.99), 12);
    }
}
