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
public abstract class SelfSupervisedMethod : nn.Module
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
    /// The loss of one batch. <paramref name="images"/> is [B, 3, H, W] in [0, 1] on the training device;
    /// <paramref name="boxes"/> gives, per image, the box its views must come from.
    /// </summary>
    public abstract Tensor TrainingLoss(Tensor images, IReadOnlyList<CropBox> boxes, Random random);

    /// <summary>
    /// Redraws the initial weights of everything but <see cref="Backbone"/> (heads, prototypes, queues) from
    /// <paramref name="generator"/>, so the method's initialisation depends on the estimator's seed only. Methods with a
    /// momentum teacher override it to copy the student into the teacher again afterwards.
    /// </summary>
    internal virtual void InitializeHeads(Generator generator)
    {
        foreach (var (_, child) in named_children())
            if (!ReferenceEquals(child, Backbone)) SeededInitialization.Apply(child, generator);
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
