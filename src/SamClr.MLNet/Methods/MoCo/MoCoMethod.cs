using SamClr.MLNet.Compute;
using SamClr.MLNet.Methods.Heads;
using SamClr.MLNet.Methods.Losses;
using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// MoCo v2 (Chen et al., 2020) as Lightly's benchmarks run it: a query encoder (backbone + projection head, <see cref="MlpPresets.MoCo"/>)
/// trained by the optimiser, a key encoder that is its exponential moving average, and a <see cref="MemoryBank"/> of
/// past keys as negatives. The loss is symmetric: each of the two views is once the query and once the key. By default
/// the first half's keys are enqueued before the second half is computed (Lightly's NTXentLoss with a memory bank);
/// otherwise both halves use the queue as it was before the step and both batches are enqueued after (MoCo's CIFAR-10 demo). Batch-shuffled batch norm is not
/// needed: it only matters when batch-norm statistics are computed per GPU, and here a batch lives on one device.
/// </summary>
internal sealed class MoCoMethod : SelfSupervisedMethod
{
    private readonly MlpHead projection;
    private readonly Backbone momentum_backbone;
    private readonly MlpHead momentum_projection;
    private readonly MemoryBank memory_bank;
    private readonly ViewAugmentationOptions _views;
    private readonly double _temperature;
    private readonly MomentumSchedule _momentum;
    private readonly bool _enqueueBetweenHalves;

    /// <summary>Creates the method; the key encoder starts as an exact copy of the query encoder.</summary>
    /// <param name="backbone">Query encoder to pre-train.</param>
    /// <param name="momentumBackbone">A second instance of the same architecture, which becomes the key encoder.</param>
    /// <param name="views">View augmentations (Lightly's benchmarks give MoCo the SimCLR views with colour strength 0.5).</param>
    /// <param name="momentum">EMA momentum per step (Lightly's benchmarks: constant 0.99).</param>
    /// <param name="temperature">InfoNCE temperature (0.1, Lightly's benchmarks).</param>
    /// <param name="memoryBankSize">Keys kept as negatives (4096, Lightly's benchmarks).</param>
    /// <param name="hiddenDimension">Projection head hidden size (2048, Lightly's benchmarks).</param>
    /// <param name="outputDimension">Projection size (128, Lightly's benchmarks).</param>
    /// <param name="enqueueBetweenHalves">Enqueue the first half's keys before the second half (true, Lightly) or all keys after both (false).</param>
    public MoCoMethod(Backbone backbone, Backbone momentumBackbone, ViewAugmentationOptions views, MomentumSchedule momentum,
        double temperature = 0.1, int memoryBankSize = 4096, int hiddenDimension = 2048, int outputDimension = 128, bool enqueueBetweenHalves = true)
        : base(nameof(MoCoMethod), backbone)
    {
        ArgumentNullException.ThrowIfNull(momentumBackbone);
        ArgumentNullException.ThrowIfNull(views);
        ArgumentNullException.ThrowIfNull(momentum);
        views.Validate();
        if (ReferenceEquals(backbone, momentumBackbone))
            throw new ArgumentException("The key encoder must be a separate instance of the backbone's architecture.", nameof(momentumBackbone));
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "Temperature must be positive.");
        _views = views;
        _temperature = temperature;
        _momentum = momentum;
        _enqueueBetweenHalves = enqueueBetweenHalves;
        projection = new MlpHead(MlpPresets.MoCo(backbone.FeatureDimension, hiddenDimension, outputDimension));
        momentum_backbone = momentumBackbone;
        momentum_projection = new MlpHead(MlpPresets.MoCo(momentumBackbone.FeatureDimension, hiddenDimension, outputDimension));
        memory_bank = new MemoryBank(memoryBankSize, outputDimension);
        RegisterComponents();
        Teacher = new MomentumTeacher((momentum_backbone, Backbone), (momentum_projection, projection));
    }

    /// <summary>The queue of negatives (exposed for inspection and tests).</summary>
    public MemoryBank MemoryBank => memory_bank;

    /// <summary>Two views of every image: each is a query once and a key once (the symmetric loss).</summary>
    public override IReadOnlyList<ViewAugmentationOptions> ViewPlan => new[] { _views, _views };

    /// <inheritdoc />
    public override Tensor TrainingLoss(IReadOnlyList<Tensor> views)
    {
        using var scope = NewDisposeScope();
        var view1 = views[0];
        var view2 = views[1];
        var query1 = projection.forward(Backbone.forward(view1));
        var query2 = projection.forward(Backbone.forward(view2));
        Tensor key1, key2;
        using (no_grad())
        {
            key1 = momentum_projection.forward(momentum_backbone.forward(view1));
            key2 = momentum_projection.forward(momentum_backbone.forward(view2));
        }
        // A snapshot: the queue changes in place below, and autograd keeps the negatives for the backward pass.
        var negatives = memory_bank.Negatives(query1.device);
        var first = MoCoLoss.Compute(query1, key2, negatives, _temperature);
        if (_enqueueBetweenHalves)
        {
            memory_bank.Enqueue(key2);
            negatives = memory_bank.Negatives(query1.device);
        }
        var loss = first.add(MoCoLoss.Compute(query2, key1, negatives, _temperature), Scalars.One).div_(Scalars.Of(2.0));
        memory_bank.Enqueue(_enqueueBetweenHalves ? key1 : cat(new[] { key1, key2 }, 0));
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Moves the key encoder towards the query encoder with the scheduled momentum.</summary>
    public override void AfterOptimizerStep(int step, int totalSteps)
    {
        Teacher!.Follow(_momentum.At(step, totalSteps));
    }
}
