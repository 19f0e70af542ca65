namespace SamClr.MLNet.Methods.Momentum;

/// <summary>
/// DINO's teacher temperature schedule: linear from <see cref="WarmupStart"/> to <see cref="Final"/> over the first
/// <see cref="WarmupEpochs"/> epochs (epoch e &lt; N gets start + (final - start) e / (N - 1), as numpy's linspace in
/// the official code and Lightly's DINOLoss), then <see cref="Final"/>.
/// </summary>
/// <param name="WarmupStart">Temperature at epoch 0 (0.04, the official code's and Lightly's warmup_teacher_temp).</param>
/// <param name="Final">Temperature after the warm-up (0.04, the official code's and Lightly's teacher_temp; the paper's setup).</param>
/// <param name="WarmupEpochs">Warm-up length in epochs (0: none).</param>
internal sealed record DinoTeacherTemperature(double WarmupStart, double Final, int WarmupEpochs)
{
    /// <summary>The teacher temperature during epoch <paramref name="epoch"/> (0-based).</summary>
    public double At(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "Epochs count from 0.");
        if (epoch >= WarmupEpochs) return Final;
        return WarmupEpochs == 1 ? WarmupStart : WarmupStart + (Final - WarmupStart) * epoch / (WarmupEpochs - 1);
    }

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> naming a non-positive temperature or a negative warm-up.</summary>
    public void Validate()
    {
        if (!(WarmupStart > 0)) throw new ArgumentOutOfRangeException(nameof(WarmupStart), WarmupStart, "Teacher temperature must be positive, e.g. 0.04.");
        if (!(Final > 0)) throw new ArgumentOutOfRangeException(nameof(Final), Final, "Teacher temperature must be positive, e.g. 0.04.");
        if (WarmupEpochs < 0) throw new ArgumentOutOfRangeException(nameof(WarmupEpochs), WarmupEpochs, "Warm-up epochs must be 0 or more.");
    }
}
