using SamClr.MLNet.Methods.Momentum;
using SamClr.MLNet.Models;
using SamClr.MLNet.Views;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods;

/// <summary>
/// A self-supervised method: a backbone plus whatever heads, targets and loss the method adds.
/// Methods only differ in how they turn a batch of images into a loss; the training loop
/// (<see cref="Training.Pretrainer"/>) is shared.
/// </summary>
internal abstract class SelfSupervisedMethod : nn.Module
{
    /// <summary>Creates a method around <paramref name="backbone"/>.</summary>
    protected SelfSupervisedMethod(string name, Backbone backbone) : base(name)
    {
        Backbone = backbone;
        register_module("backbone", backbone);
    }

    /// <summary>The encoder being pre-trained; what the featurizer keeps.</summary>
    public Backbone Backbone { get; }

    /// <summary>
    /// The views the method needs of every image, in order (two for SimCLR and MoCo; the global views, then the local
    /// ones, for multi-crop). The training loop cuts them from the source pixels, inside each image's box (the whole
    /// image, or a region), and hands them to <see cref="TrainingLoss"/> in this order.
    /// </summary>
    public abstract IReadOnlyList<ViewAugmentationOptions> ViewPlan { get; }

    /// <summary>
    /// The loss of one batch. <paramref name="views"/> holds one tensor [B, 3, S, S] per entry of <see cref="ViewPlan"/>,
    /// normalised, on the training device; row i of every view shows image i.
    /// </summary>
    public abstract Tensor TrainingLoss(IReadOnlyList<Tensor> views);

    /// <summary>The momentum teacher of methods that have one (MoCo, DINO); null for the others.</summary>
    protected MomentumTeacher? Teacher { get; init; }

    /// <summary>
    /// Redraws the initial weights of everything but <see cref="Backbone"/> (heads, prototypes, queues) from
    /// <paramref name="generator"/>, so the method's initialisation depends on the estimator's seed only; a
    /// <see cref="Teacher"/> then becomes an exact copy of the student again.
    /// </summary>
    internal void InitializeHeads(Generator generator)
    {
        foreach (var (_, child) in named_children())
            if (!ReferenceEquals(child, Backbone)) SeededInitialization.Apply(child, generator);
        Teacher?.CopyStudents();
    }

    /// <summary>Called after each optimiser step (momentum methods update their EMA teacher here).</summary>
    public virtual void AfterOptimizerStep(int step, int totalSteps) { }

    /// <summary>
    /// Frees everything the method holds except <see cref="Backbone"/>, which lives on in the featurizer.
    /// Use this instead of Dispose once training is over.
    /// </summary>
    public void DisposeAllButBackbone()
    {
        foreach (var (name, child) in named_children())
            if (!ReferenceEquals(child, Backbone)) child.Dispose();
    }
}
