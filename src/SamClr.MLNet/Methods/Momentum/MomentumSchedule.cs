namespace SamClr.MLNet.Methods.Momentum;

/// <summary>
/// The EMA momentum of a momentum network per optimisation step: constant (MoCo v2 in Lightly's benchmarks: 0.99), or
/// a cosine ramp from a start value to an end value over training (BYOL's schedule, 0.996 to 1, which Lightly's
/// <c>cosine_schedule</c> implements).
/// </summary>
public sealed class MomentumSchedule
{
    private MomentumSchedule(double start, double end, bool isCosine)
    {
        if (!(start >= 0 && start <= 1)) throw new ArgumentOutOfRangeException(nameof(start), start, "Momentum must be in [0, 1].");
        if (!(end >= 0 && end <= 1)) throw new ArgumentOutOfRangeException(nameof(end), end, "Momentum must be in [0, 1].");
        Start = start;
        End = end;
        IsCosine = isCosine;
    }

    /// <summary>The same momentum at every step (default 0.99, Lightly's MoCo and DINO benchmarks).</summary>
    /// <param name="momentum">m in [0, 1].</param>
    public static MomentumSchedule Constant(double momentum = 0.99) => new(momentum, momentum, isCosine: false);

    /// <summary>
    /// Momentum rising from <paramref name="start"/> at the first step to <paramref name="end"/> at the last along a
    /// half cosine: m(t) = end - (end - start) x (1 + cos(pi t)) / 2 with t = step / (totalSteps - 1).
    /// </summary>
    /// <param name="start">Momentum after the first step (default 0.996, BYOL's).</param>
    /// <param name="end">Momentum after the last step (default 1).</param>
    public static MomentumSchedule Cosine(double start = 0.996, double end = 1.0) => new(start, end, isCosine: true);

    /// <summary>Momentum at the first step.</summary>
    public double Start { get; }

    /// <summary>Momentum at the last step (equal to <see cref="Start"/> for a constant schedule).</summary>
    public double End { get; }

    /// <summary>Whether the momentum follows the cosine ramp.</summary>
    public bool IsCosine { get; }

    /// <summary>The momentum for the update after step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public double At(int step, int totalSteps)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Need at least one step.");
        if (!IsCosine) return Start;
        if (totalSteps == 1) return End;
        double t = Math.Clamp((double)step / (totalSteps - 1), 0, 1);
        return End - (End - Start) * (1 + Math.Cos(Math.PI * t)) / 2;
    }

    /// <inheritdoc />
    public override string ToString() => IsCosine ? $"cosine {Start} -> {End}" : $"constant {Start}";
}
