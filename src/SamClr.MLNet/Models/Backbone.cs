using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models;

/// <summary>
/// An image encoder: takes normalised images [B, 3, H, W] and returns pooled features
/// [B, <see cref="FeatureDimension"/>]. Classification layers are not part of a backbone.
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>, ISeededInitialization
{
    /// <summary>Creates a backbone whose registered name is <paramref name="name"/>.</summary>
    private protected Backbone(string name) : base(name) { }

    /// <summary>Length of the feature vector the backbone returns.</summary>
    public abstract int FeatureDimension { get; }

    /// <summary>The registry name that recreates this architecture (see <see cref="Backbones"/>).</summary>
    public abstract string ArchitectureName { get; }

    /// <summary>torchvision's ResNet initialisation (He-normal convolutions, unit batch norms) from <paramref name="generator"/>.</summary>
    void ISeededInitialization.Initialize(Generator generator) => ModelInitialization.KaimingNormal(this, generator);
}
