using SamClr.MLNet.Methods.Heads;
using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// SwAV (Caron et al., 2020), the SAMCLR paper's appendix baseline, as Lightly's benchmarks run it without the
/// optional queue: multi-crop views (global views at the view size, local views at half of it), a projection head,
/// L2-normalised projections scored against normalised prototypes, Sinkhorn-Knopp codes of the global views and the
/// swapped-prediction loss. Views of one resolution go through the encoder as one batch, so batch-norm statistics are
/// shared per resolution (as in SwAV's official code; Lightly runs each crop separately).
/// </summary>
internal sealed class SwAVMethod : SelfSupervisedMethod
{
    private readonly MlpHead projection;
    private readonly SwAVPrototypes prototypes;
    private readonly ViewAugmentationOptions _globalViews;
    private readonly ViewAugmentationOptions _localViews;
    private readonly int _globalCount;
    private readonly int _localCount;
    private readonly double _temperature;
    private readonly int _sinkhornIterations;
    private readonly double _sinkhornEpsilon;

    /// <summary>Creates the method.</summary>
    /// <param name="backbone">Encoder to pre-train.</param>
    /// <param name="globalViews">Augmentation of the global views (Lightly's SwaV transform: scale 0.14-1).</param>
    /// <param name="localViews">Augmentation of the local views (Lightly's SwaV transform: scale 0.05-0.14).</param>
    /// <param name="globalViewCount">Global views per image (2, Lightly's benchmarks); codes are computed from these.</param>
    /// <param name="localViewCount">Local views per image (6, Lightly's benchmarks); may be 0.</param>
    /// <param name="temperature">Softmax temperature (0.1, SwAV's and Lightly's).</param>
    /// <param name="prototypeCount">Number of prototypes (3000, Lightly's benchmarks).</param>
    /// <param name="sinkhornIterations">Sinkhorn-Knopp rounds (3, SwAV's and Lightly's).</param>
    /// <param name="sinkhornEpsilon">Sinkhorn-Knopp epsilon (0.05, SwAV's and Lightly's).</param>
    /// <param name="hiddenDimension">Projection head hidden size (2048, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    public SwAVMethod(Backbone backbone, ViewAugmentationOptions globalViews, ViewAugmentationOptions localViews, int globalViewCount = 2,
        int localViewCount = 6, double temperature = 0.1, int prototypeCount = 3000, int sinkhornIterations = 3, double sinkhornEpsilon = 0.05,
        int hiddenDimension = 2048, int outputDimension = 128)
        : base(nameof(SwAVMethod), backbone)
    {
        ArgumentNullException.ThrowIfNull(globalViews);
        ArgumentNullException.ThrowIfNull(localViews);
        globalViews.Validate();
        localViews.Validate();
        if (globalViewCount < 1) throw new ArgumentOutOfRangeException(nameof(globalViewCount), globalViewCount, "SwAV needs at least one global view.");
        if (localViewCount < 0) throw new ArgumentOutOfRangeException(nameof(localViewCount), localViewCount, "Must not be negative.");
        if (globalViewCount + localViewCount < 2)
            throw new ArgumentException("SwAV needs at least two views per image; add a global or a local view.", nameof(localViewCount));
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        if (sinkhornIterations < 1) throw new ArgumentOutOfRangeException(nameof(sinkhornIterations), sinkhornIterations, "Need at least one iteration.");
        if (!(sinkhornEpsilon > 0)) throw new ArgumentOutOfRangeException(nameof(sinkhornEpsilon), sinkhornEpsilon, "Epsilon must be positive.");
        _globalViews = globalViews;
        _localViews = localViews;
        _globalCount = globalViewCount;
        _localCount = localViewCount;
        _temperature = temperature;
        _sinkhornIterations = sinkhornIterations;
        _sinkhornEpsilon = sinkhornEpsilon;
        projection = new MlpHead(MlpPresets.SwAV(backbone.FeatureDimension, hiddenDimension, outputDimension));
        prototypes = new SwAVPrototypes(outputDimension, prototypeCount);
        RegisterComponents();
    }

    /// <summary>The prototypes (exposed for inspection and tests).</summary>
    public SwAVPrototypes Prototypes => prototypes;

    /// <summary>The global views, then the local views.</summary>
    public override IReadOnlyList<ViewAugmentationOptions> ViewPlan =>
        Enumerable.Repeat(_globalViews, _globalCount).Concat(Enumerable.Repeat(_localViews, _localCount)).ToArray();

    /// <inheritdoc />
    public override Tensor TrainingLoss(IReadOnlyList<Tensor> views)
    {
        using var scope = NewDisposeScope();
        prototypes.Normalize();
        var globalScores = Scores(views.Take(_globalCount).ToArray());
        var localScores = _localCount == 0 ? Array.Empty<Tensor>() : Scores(views.Skip(_globalCount).ToArray());
        return SwAVLoss.Compute(globalScores, localScores, _temperature, _sinkhornIterations, _sinkhornEpsilon).MoveToOuterDisposeScope();
    }

    /// <summary>Encodes views of one resolution as one batch and splits the scores per view.</summary>
    private Tensor[] Scores(Tensor[] views)
    {
        int count = views.Length;
        var batch = cat(views, 0);
        var z = nn.functional.normalize(projection.forward(Backbone.forward(batch)), p: 2, dim: 1);
        return prototypes.forward(z).chunk(count, 0);
    }
}
