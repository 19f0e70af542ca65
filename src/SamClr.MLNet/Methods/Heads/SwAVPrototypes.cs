using SamClr.MLNet.Compute;
using SamClr.MLNet.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SamClr.MLNet.Methods.Heads;

/// <summary>
/// SwAV's prototypes: K trainable vectors; the score of a (unit-length) projection for a prototype is their dot
/// product. <see cref="Normalize"/> puts every prototype back on the unit sphere, so scores are cosine similarities.
/// A linear layer without bias, as in SwAV's official code (Lightly's SwaVPrototypes keeps a bias).
/// </summary>
internal sealed class SwAVPrototypes : Module<Tensor, Tensor>, ISeededInitialization
{
    private readonly Linear prototypes;

    /// <summary>Creates <paramref name="count"/> prototypes of length <paramref name="dimension"/>, already normalised.</summary>
    /// <param name="dimension">Projection size (128, Lightly's benchmarks).</param>
    /// <param name="count">Number of prototypes (3000, Lightly's benchmarks and SwAV's ImageNet setting).</param>
    public SwAVPrototypes(int dimension, int count) : base(nameof(SwAVPrototypes))
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "Must be positive.");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Need at least one prototype.");
        prototypes = Linear(dimension, count, hasBias: false);
        RegisterComponents();
        Normalize();
    }

    /// <summary>PyTorch's default linear initialisation from <paramref name="generator"/>, then normalised.</summary>
    void ISeededInitialization.Initialize(Generator generator)
    {
        ModelInitialization.LinearDefault(prototypes, generator);
        Normalize();
    }

    /// <summary>The prototype vectors, [K, D].</summary>
    public Tensor Weight => prototypes.weight!;

    /// <summary>Scales every prototype to unit length, in place and without gradient (SwAV does this before every step).</summary>
    public void Normalize()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var weight = prototypes.weight!;
        weight.div_(weight.norm(1, keepdim: true).clamp_min(Scalars.Of(1e-12)));
    }

    /// <summary>Scores [B, K] of projections <paramref name="x"/> [B, D].</summary>
    public override Tensor forward(Tensor x) => prototypes.forward(x);
}
