namespace SamClr.MLNet.Evaluation;

/// <summary>
/// Settings of <see cref="LbfgsLinearProbe"/>: the fast linear protocol, as scikit-learn users run it on frozen
/// features (StandardScaler, then LogisticRegression with C chosen on a held-out part of the training split).
/// </summary>
public sealed class LbfgsLinearProbeOptions
{
    /// <summary>The label column: any type MapValueToKey accepts. Default "Label".</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>The feature column, a known-size Single vector. Default "Features".</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>
    /// The L2 weights tried (ML.NET's L2Regularization, the reciprocal role of scikit-learn's C). Default
    /// 1e-4, 1e-3, 1e-2, 0.1, 1, 10 (ML.NET's default is 1).
    /// </summary>
    public double[] L2Regularizations { get; set; } = { 1e-4, 1e-3, 1e-2, 0.1, 1, 10 };

    /// <summary>Fraction of the training rows held out to choose the L2 weight. Default 0.2.</summary>
    public double HoldOutFraction { get; set; } = 0.2;

    /// <summary>Seed of the hold-out split. Default 0.</summary>
    public int Seed { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(LabelColumnName, nameof(LabelColumnName));
        ArgumentException.ThrowIfNullOrEmpty(FeatureColumnName, nameof(FeatureColumnName));
        if (L2Regularizations is not { Length: > 0 } || L2Regularizations.Any(l => !(l >= 0) || double.IsInfinity(l)))
            throw new ArgumentException($"{nameof(L2Regularizations)} needs at least one finite value >= 0.", nameof(L2Regularizations));
        if (!(HoldOutFraction > 0 && HoldOutFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(HoldOutFraction), HoldOutFraction, "The hold-out fraction must be in (0, 1).");
    }
}
