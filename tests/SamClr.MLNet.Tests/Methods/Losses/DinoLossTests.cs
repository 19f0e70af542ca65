using SamClr.MLNet.Methods.Losses;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Methods.Losses;

public class DinoLossTests
{
    private static Tensor Row(params double[] values) => tensor(values.Select(v => (float)v).ToArray(), new long[] { 1, values.Length });

    [Fact]
    public void MatchesHandComputationForTwoViewsAndThreePrototypes()
    {
        // B = 1, K = 3, zero centre. Temperatures are undone by scaling the inputs:
        //   teacher (T_t = 0.04): t0 = 0.04 [0, 0, 0] -> P0 = [1/3, 1/3, 1/3]; t1 = 0.04 [ln 2, 0, 0] -> P1 = [1/2, 1/4, 1/4]
        //   student (T_s = 0.1):  s0 = 0.1 [0, 0, 0] -> log Q0 = -ln 3 each; s1 = 0.1 [ln 2, 0, ln 2] -> Q1 = [2/5, 1/5, 2/5]
        // Pairs with different views: (t0, s1) and (t1, s0).
        //   CE(P0, Q1) = -(1/3)(ln 2/5 + ln 1/5 + ln 2/5) = ln 5 - (2/3) ln 2
        //   CE(P1, Q0) = ln 3
        // loss = (ln 5 - (2/3) ln 2 + ln 3) / (2 pairs x 1 image)
        double ln2 = Math.Log(2);
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(3);
        var teacher = new[] { Row(0, 0, 0), Row(0.04 * ln2, 0, 0) };
        var student = new[] { Row(0, 0, 0), Row(0.1 * ln2, 0, 0.1 * ln2) };
        double expected = (Math.Log(5) - 2.0 / 3 * ln2 + Math.Log(3)) / 2;
        Assert.Equal(expected, loss.Compute(teacher, student, 0.04).item<float>(), 5);
    }

    [Fact]
    public void LocalStudentViewsPairWithEveryTeacherView()
    {
        // Teacher views t0, t1 and student views s0, s1, s2 (s2 local): the pairs are (t0,s1), (t0,s2), (t1,s0), (t1,s2).
        // All teacher outputs uniform (P = 1/3), student s2 = s1 -> CE(P, Q1) = ln 5 - (2/3) ln 2, s0 uniform -> ln 3.
        // loss = (3 (ln 5 - (2/3) ln 2) + ln 3) / 4.
        double ln2 = Math.Log(2);
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(3);
        var teacher = new[] { Row(0, 0, 0), Row(0, 0, 0) };
        var student = new[] { Row(0, 0, 0), Row(0.1 * ln2, 0, 0.1 * ln2), Row(0.1 * ln2, 0, 0.1 * ln2) };
        double expected = (3 * (Math.Log(5) - 2.0 / 3 * ln2) + Math.Log(3)) / 4;
        Assert.Equal(expected, loss.Compute(teacher, student, 0.04).item<float>(), 5);
    }

    [Fact]
    public void CentreAfterUpdatesIsTheMovingAverageOfTeacherMeans()
    {
        // Teacher views [[1,2,3],[3,2,1]] and [[0,0,6],[2,2,2]]: mean over 2 views x 2 images = [6/4, 6/4, 12/4] = [1.5, 1.5, 3].
        // After one update: 0.9 x 0 + 0.1 x [1.5, 1.5, 3] = [0.15, 0.15, 0.3].
        // After a second one: 0.9 x [0.15, 0.15, 0.3] + 0.1 x [1.5, 1.5, 3] = [0.285, 0.285, 0.57].
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(3, centerMomentum: 0.9);
        var teacher = new[]
        {
            tensor(new float[] { 1, 2, 3, 3, 2, 1 }, new long[] { 2, 3 }),
            tensor(new float[] { 0, 0, 6, 2, 2, 2 }, new long[] { 2, 3 }),
        };
        Assert.Equal(new float[] { 0, 0, 0 }, loss.Center.data<float>().ToArray());
        loss.UpdateCenter(teacher);
        AssertNear(new[] { 0.15f, 0.15f, 0.3f }, loss.Center);
        loss.UpdateCenter(teacher);
        AssertNear(new[] { 0.285f, 0.285f, 0.57f }, loss.Center);
        Assert.Equal(new long[] { 1, 3 }, loss.Center.shape);
    }

    [Fact]
    public void TheCentreIsSubtractedFromTeacherOutputs()
    {
        // One update with a single teacher row 10 [ln 2, 0, 0] and momentum 0.9 gives centre [ln 2, 0, 0]. Teacher views
        // [ln 2, 0, 0] (T_t = 1) then become uniform after centring; students s = 0.1 [ln 2, 0, ln 2] give
        // CE = ln 5 - (2/3) ln 2 on both pairs. Without the centre it would be CE([1/2, 1/4, 1/4], Q) = ln 5 - (3/4) ln 2.
        double ln2 = Math.Log(2);
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(3);
        loss.UpdateCenter(new[] { Row(10 * ln2, 0, 0) });
        var teacher = new[] { Row(ln2, 0, 0), Row(ln2, 0, 0) };
        var student = new[] { Row(0.1 * ln2, 0, 0.1 * ln2), Row(0.1 * ln2, 0, 0.1 * ln2) };
        Assert.Equal(Math.Log(5) - 2.0 / 3 * ln2, loss.Compute(teacher, student, 1.0).item<float>(), 5);
    }

    [Fact]
    public void GradientsReachOnlyTheStudent()
    {
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(3);
        var teacher = new[] { randn(2, 3).requires_grad_(), randn(2, 3).requires_grad_() };
        var student = new[] { randn(2, 3).requires_grad_(), randn(2, 3).requires_grad_() };
        loss.Compute(teacher, student, 0.04).backward();
        Assert.All(teacher, t => Assert.Null(t.grad));
        Assert.All(student, s => Assert.NotNull(s.grad));
    }

    [Fact]
    public void RejectsBadShapesAndSingleViews()
    {
        using var scope = NewDisposeScope();
        using var loss = new DinoLoss(3);
        Assert.Throws<ArgumentException>(() => loss.Compute(new[] { zeros(2, 3) }, new[] { zeros(2, 3) }, 0.04));
        Assert.Throws<ArgumentException>(() => loss.Compute(new[] { zeros(2, 3), zeros(2, 3) }, new[] { zeros(2, 4), zeros(2, 4) }, 0.04));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DinoLoss(3, centerMomentum: 1));
    }

    private static void AssertNear(float[] expected, Tensor actual)
    {
        var values = actual.data<float>().ToArray();
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], values[i], 5);
    }
}
