using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods.Momentum;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Losses;

/// <summary>
/// DINO's self-distillation loss (Caron et al., 2021) with its centring state. For teacher outputs of the global
/// views t_v [B, K] and student outputs of all views s_w [B, K] (global views first, in the teacher's order):
/// <code>
/// P_v = softmax((t_v - c) / T_t),  log Q_w = log_softmax(s_w / T_s)
/// loss = sum over pairs (v, w) with v != w of  -sum_b sum_k P_v[b, k] log Q_w[b, k],  divided by (pairs x B)
/// </code>
/// that is, the cross-entropy of every student view against every teacher view except itself, averaged. The centre
/// c [1, K] starts at zero and, after each step, becomes m c + (1 - m) mean of the teacher outputs over views and batch.
/// Defaults: student temperature 0.1 and centre momentum 0.9 (Lightly's DINOLoss and the official code).
/// </summary>
internal sealed class DinoLoss : nn.Module
{
    private readonly double _studentTemperature;
    private readonly double _centerMomentum;

    /// <summary>Creates the loss with a zero centre.</summary>
    /// <param name="outputDimension">Number of prototypes K (the head's output size).</param>
    /// <param name="studentTemperature">Student softmax temperature T_s (default 0.1, Lightly and the official code).</param>
    /// <param name="centerMomentum">Centre momentum m (default 0.9, Lightly and the official code).</param>
    public DinoLoss(int outputDimension, double studentTemperature = 0.1, double centerMomentum = 0.9) : base(nameof(DinoLoss))
    {
        if (outputDimension <= 0) throw new ArgumentOutOfRangeException(nameof(outputDimension), outputDimension, "Need at least one prototype.");
        if (!(studentTemperature > 0)) throw new ArgumentOutOfRangeException(nameof(studentTemperature), studentTemperature, "Temperature must be positive.");
        if (!(centerMomentum >= 0 && centerMomentum < 1))
            throw new ArgumentOutOfRangeException(nameof(centerMomentum), centerMomentum, "Centre momentum must be in [0, 1), e.g. 0.9.");
        _studentTemperature = studentTemperature;
        _centerMomentum = centerMomentum;
        register_buffer("center", zeros(1, outputDimension));
    }

    /// <summary>The current centre c, [1, K]; the module owns it.</summary>
    public Tensor Center => get_buffer("center")!;

    /// <summary>The loss of one batch (the centre is not changed; call <see cref="UpdateCenter"/> after it).</summary>
    /// <param name="teacherOutputs">Teacher outputs of the global views, each [B, K]; treated as constants.</param>
    /// <param name="studentOutputs">Student outputs of every view, each [B, K], the global views first in the teacher's order.</param>
    /// <param name="teacherTemperature">Teacher softmax temperature T_t (DINO's default 0.04; see <see cref="DinoTeacherTemperature"/>).</param>
    public Tensor Compute(IReadOnlyList<Tensor> teacherOutputs, IReadOnlyList<Tensor> studentOutputs, double teacherTemperature)
    {
        if (!(teacherTemperature > 0)) throw new ArgumentOutOfRangeException(nameof(teacherTemperature), teacherTemperature, "Temperature must be positive.");
        var (teacherViews, studentViews) = (teacherOutputs.Count, studentOutputs.Count);
        int pairs = teacherViews * studentViews - Math.Min(teacherViews, studentViews);
        if (teacherViews == 0 || pairs == 0)
            throw new ArgumentException($"{nameof(DinoLoss)}: {teacherViews} teacher and {studentViews} student views leave no pair of different views; give at least 2 views.");
        using var scope = NewDisposeScope();
        var teacher = CheckedStack(teacherOutputs, "teacher").detach();
        var student = CheckedStack(studentOutputs, "student");
        if (!teacher.shape.Skip(1).SequenceEqual(student.shape.Skip(1)))
            throw new ArgumentException($"{nameof(DinoLoss)}: teacher outputs are [{string.Join(", ", teacher.shape.Skip(1))}] per view, student outputs [{string.Join(", ", student.shape.Skip(1))}]; both must be [B, K].");
        long batch = teacher.shape[1];
        using var teacherScale = teacherTemperature.ToScalar();
        using var studentScale = _studentTemperature.ToScalar();
        using var terms = ((long)pairs * batch).ToScalar();
        var p = nn.functional.softmax(teacher.sub(Center).div_(teacherScale), -1).reshape(teacherViews, -1);
        var logQ = nn.functional.log_softmax(student.div(studentScale), -1).reshape(studentViews, -1);
        var crossEntropy = p.matmul(logQ.t()).neg_(); // [teacher views, student views], summed over batch and prototypes
        var samePair = eye(teacherViews, studentViews, ScalarType.Bool, crossEntropy.device);
        return crossEntropy.masked_fill(samePair, Scalars.Zero).sum().div_(terms).MoveToOuterDisposeScope();
    }

    /// <summary>Moves the centre towards the mean of <paramref name="teacherOutputs"/> over views and batch: c = m c + (1 - m) mean.</summary>
    /// <param name="teacherOutputs">Teacher outputs of the global views, each [B, K].</param>
    public void UpdateCenter(IReadOnlyList<Tensor> teacherOutputs)
    {
        if (teacherOutputs.Count == 0) throw new ArgumentException($"{nameof(DinoLoss)}: no teacher outputs to update the centre with.", nameof(teacherOutputs));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var teacher = CheckedStack(teacherOutputs, "teacher");
        var batchCenter = teacher.reshape(-1, teacher.shape[2]).mean(new long[] { 0 }, keepdim: true);
        using var keep = _centerMomentum.ToScalar();
        using var take = (1 - _centerMomentum).ToScalar();
        Center.mul_(keep).add_(batchCenter, take);
    }

    private Tensor CheckedStack(IReadOnlyList<Tensor> outputs, string who)
    {
        long k = Center.shape[1];
        for (int i = 0; i < outputs.Count; i++)
            if (outputs[i].ndim != 2 || outputs[i].shape[1] != k || outputs[i].shape[0] != outputs[0].shape[0])
                throw new ArgumentException(
                    $"{nameof(DinoLoss)}: {who} output {i} is [{string.Join(", ", outputs[i].shape)}]; every view must be [B, {k}] with the same B.");
        return stack(outputs, 0);
    }
}
