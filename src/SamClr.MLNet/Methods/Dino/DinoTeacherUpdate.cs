using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>The teacher side of DINO: copy the student once, then follow it by an exponential moving average.</summary>
internal static class DinoTeacherUpdate
{
    /// <summary>
    /// Copies every parameter and buffer of <paramref name="student"/> into <paramref name="teacher"/> (same architecture)
    /// and turns off the teacher's gradients: the teacher starts as the student and is only changed by <see cref="Follow"/>.
    /// </summary>
    internal static void Initialize(nn.Module student, nn.Module teacher)
    {
        using var noGrad = no_grad();
        foreach (var (s, t) in Pairs(student.parameters(), teacher.parameters()))
        {
            t.copy_(s);
            t.requires_grad = false;
        }
        foreach (var (s, t) in Pairs(student.buffers(), teacher.buffers())) t.copy_(s);
    }

    /// <summary>
    /// teacher = m teacher + (1 - m) student for every parameter, under no_grad. Buffers (batch-norm statistics) are
    /// not averaged, as in Lightly's update_momentum: the teacher runs in training mode on batch statistics.
    /// </summary>
    internal static void Follow(nn.Module student, nn.Module teacher, double momentum)
    {
        if (!(momentum >= 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "EMA momentum must be in [0, 1].");
        using var noGrad = no_grad();
        foreach (var (s, t) in Pairs(student.parameters(), teacher.parameters())) t.mul_(momentum).add_(s, alpha: 1 - momentum);
    }

    /// <summary>
    /// A momentum that rises from <paramref name="start"/> at step 0 to <paramref name="end"/> at the last step along a
    /// half cosine: end - (end - start) (cos(pi step / (total - 1)) + 1) / 2, Lightly's cosine_schedule (DINO: 0.996 to 1).
    /// </summary>
    internal static double CosineMomentum(int step, int totalSteps, double start, double end = 1.0)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Need at least one step.");
        if (totalSteps == 1) return end;
        double t = Math.Clamp((double)step / (totalSteps - 1), 0, 1);
        return end - (end - start) * (Math.Cos(Math.PI * t) + 1) / 2;
    }

    private static IEnumerable<(Tensor Student, Tensor Teacher)> Pairs(IEnumerable<Tensor> student, IEnumerable<Tensor> teacher)
    {
        var s = student.ToArray();
        var t = teacher.ToArray();
        if (s.Length != t.Length)
            throw new ArgumentException($"{nameof(DinoTeacherUpdate)}: the student has {s.Length} tensors and the teacher {t.Length}; both must be the same architecture.");
        for (int i = 0; i < s.Length; i++)
        {
            if (!s[i].shape.SequenceEqual(t[i].shape))
                throw new ArgumentException(
                    $"{nameof(DinoTeacherUpdate)}: tensor {i} is [{string.Join(", ", s[i].shape)}] in the student and [{string.Join(", ", t[i].shape)}] in the teacher; both must be the same architecture.");
            yield return (s[i], t[i]);
        }
    }
}
