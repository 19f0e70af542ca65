using SamClr.MLNet.Methods.Momentum;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Momentum;

public class EmaUpdateTests
{
    private static TorchSharp.Modules.Linear TwoWeights(float a, float b)
    {
        var layer = nn.Linear(2, 1, hasBias: false);
        using (no_grad()) layer.weight!.copy_(tensor(new[] { a, b }, new long[] { 1, 2 }));
        return layer;
    }

    [Fact]
    public void MovesParametersTowardsTheOnlineNetwork()
    {
        // target (1, 2), online (3, 6), m = 0.9:
        //   0.9 x 1 + 0.1 x 3 = 1.2 and 0.9 x 2 + 0.1 x 6 = 2.4; the online network is unchanged.
        using var target = TwoWeights(1, 2);
        using var online = TwoWeights(3, 6);
        EmaUpdate.Apply(target, online, 0.9);
        Assert.Equal(new[] { 1.2f, 2.4f }, target.weight!.data<float>().ToArray(), new FloatTolerance(1e-6f));
        Assert.Equal(new[] { 3f, 6f }, online.weight!.data<float>().ToArray());
        // A second update from (1.2, 2.4): 0.9 x 1.2 + 0.3 = 1.38, 0.9 x 2.4 + 0.6 = 2.76.
        EmaUpdate.Apply(target, online, 0.9);
        Assert.Equal(new[] { 1.38f, 2.76f }, target.weight!.data<float>().ToArray(), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void MomentumZeroCopiesAndOneKeeps()
    {
        using var target = TwoWeights(1, 2);
        using var online = TwoWeights(3, 6);
        EmaUpdate.Apply(target, online, 1);
        Assert.Equal(new[] { 1f, 2f }, target.weight!.data<float>().ToArray());
        EmaUpdate.Apply(target, online, 0);
        Assert.Equal(new[] { 3f, 6f }, target.weight!.data<float>().ToArray());
    }

    [Fact]
    public void CopiesBuffers()
    {
        using var target = nn.BatchNorm1d(2);
        using var online = nn.BatchNorm1d(2);
        using (no_grad())
        {
            online.running_mean!.copy_(tensor(new[] { 5f, -1f }));
            online.running_var!.copy_(tensor(new[] { 2f, 3f }));
        }
        EmaUpdate.Apply(target, online, 0.99);
        Assert.Equal(new[] { 5f, -1f }, target.running_mean!.data<float>().ToArray());
        Assert.Equal(new[] { 2f, 3f }, target.running_var!.data<float>().ToArray());
    }

    [Fact]
    public void RejectsDifferentArchitecturesAndBadMomentum()
    {
        using var a = nn.Linear(2, 1, hasBias: false);
        using var b = nn.Linear(3, 1, hasBias: false);
        Assert.Throws<ArgumentException>(() => EmaUpdate.Apply(a, b, 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => EmaUpdate.Apply(a, a, 1.5));
    }

    [Fact]
    public void MomentumScheduleValues()
    {
        Assert.Equal(0.99, MomentumSchedule.Constant().At(7, 10));
        // Cosine 0.996 -> 1 over 5 steps, t = step / 4:
        //   step 0: 1 - 0.004 x (1 + cos 0) / 2 = 0.996; step 2: 1 - 0.004 x (1 + cos(pi/2)) / 2 = 0.998; step 4: 1.
        var cosine = MomentumSchedule.Cosine();
        Assert.Equal(0.996, cosine.At(0, 5), 12);
        Assert.Equal(0.998, cosine.At(2, 5), 12);
        Assert.Equal(1.0, cosine.At(4, 5), 12);
    }

    [Fact]
    public void StartsAsAFrozenCopyFollowsByEmaAndCopiesAgain()
    {
        using var teacherA = TwoWeights(1, 2);
        using var studentA = TwoWeights(3, 6);
        using var teacherB = TwoWeights(0, 0);
        using var studentB = TwoWeights(-1, 5);
        var teacher = new MomentumTeacher((teacherA, studentA), (teacherB, studentB));
        Assert.Equal(new[] { 3f, 6f }, teacherA.weight!.data<float>().ToArray());
        Assert.Equal(new[] { -1f, 5f }, teacherB.weight!.data<float>().ToArray());
        Assert.False(teacherA.weight.requires_grad);
        Assert.False(teacherB.weight!.requires_grad);
        Assert.True(studentA.weight!.requires_grad);

        // The students move; m = 0.75: 0.75 x 3 + 0.25 x 7 = 4 and 0.75 x 6 + 0.25 x 2 = 5; 0.75 x -1 + 0.25 x 3 = 0.
        using (no_grad())
        {
            studentA.weight.copy_(tensor(new[] { 7f, 2f }, new long[] { 1, 2 }));
            studentB.weight!.copy_(tensor(new[] { 3f, 5f }, new long[] { 1, 2 }));
        }
        teacher.Follow(0.75);
        Assert.Equal(new[] { 4f, 5f }, teacherA.weight.data<float>().ToArray());
        Assert.Equal(new[] { 0f, 5f }, teacherB.weight.data<float>().ToArray());

        teacher.CopyStudents();
        Assert.Equal(new[] { 7f, 2f }, teacherA.weight.data<float>().ToArray());
        Assert.Equal(new[] { 3f, 5f }, teacherB.weight.data<float>().ToArray());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
