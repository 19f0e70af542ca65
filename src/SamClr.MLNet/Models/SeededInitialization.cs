using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models;

/// <summary>A module whose initialisation is not PyTorch's default for its layers, and that redraws it from a given generator.</summary>
internal interface ISeededInitialization
{
    /// <summary>Redraws every random initial value from <paramref name="generator"/>.</summary>
    void Initialize(Generator generator);
}

/// <summary>
/// Redraws the initial weights of a module tree from one generator, so an estimator's initialisation depends on its
/// own seed only and not on libtorch's process-wide generator (which module constructors draw from, and which any
/// other code in the process may be using at the same time). Modules implementing <see cref="ISeededInitialization"/>
/// draw their own initialisation (backbones: He-normal; DINO's head: truncated normal); linear layers elsewhere get
/// PyTorch's default. Batch norms need no draw (weight 1, bias 0). Children are visited in registration order.
/// </summary>
internal static class SeededInitialization
{
    /// <summary>Redraws <paramref name="module"/>'s initial values and those of its children from <paramref name="generator"/>.</summary>
    public static void Apply(nn.Module module, Generator generator)
    {
        switch (module)
        {
            case ISeededInitialization own:
                own.Initialize(generator);
                return;
            case Linear linear:
                ModelInitialization.LinearDefault(linear, generator);
                return;
        }
        foreach (var (_, child) in module.named_children()) Apply(child, generator);
    }
}
