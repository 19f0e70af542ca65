namespace SamClr.MLNet.Training;

/// <summary>Learning rate per optimisation step: linear warm-up, then cosine decay to zero.</summary>
internal static class CosineSchedule
{
    /// <summary>
    /// The learning rate at <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>:
    /// base x (step + 1) / warmup during the first <paramref name="warmupSteps"/> steps, then
    /// base x (1 + cos(pi x t)) / 2 with t going from 0 to 1 over the remaining steps.
    /// </summary>
    public static double LearningRate(int step, int totalSteps, int warmupSteps, double baseLearningRate)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Need at least one step.");
        if (warmupSteps < 0 || warmupSteps > totalSteps)
            throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, $"Warm-up must be within 0..{totalSteps} steps.");
        if (step < warmupSteps) return baseLearningRate * (step + 1) / warmupSteps;
        int decaySteps = totalSteps - warmupSteps;
        double t = decaySteps <= 1 ? 0 : (double)(step - warmupSteps) / (decaySteps - 1);
        return baseLearningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(t, 0, 1)));
    }
}
