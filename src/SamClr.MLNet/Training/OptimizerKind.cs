namespace SamClr.MLNet.Training;

/// <summary>The optimiser of the pre-training loop.</summary>
public enum OptimizerKind
{
    /// <summary>SGD with momentum and weight decay (Lightly's benchmarks for SimCLR, MoCo, DINO; the default).</summary>
    Sgd,

    /// <summary>Adam with L2 weight decay (Lightly's benchmark for SwaV: learning rate 1e-3, weight decay 1e-6).</summary>
    Adam,
}
