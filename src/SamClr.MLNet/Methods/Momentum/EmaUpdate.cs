using SamClr.MLNet.Compute;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Methods.Momentum;

/// <summary>
/// The exponential-moving-average update of a momentum (target) network from its online network, as MoCo, BYOL and
/// DINO use it: every parameter becomes <c>m x target + (1 - m) x online</c>; every buffer (batch-norm running
/// statistics and counters) is copied from the online network. Runs under no_grad and changes the target in place.
/// </summary>
internal static class EmaUpdate
{
    /// <summary>
    /// Moves <paramref name="target"/>'s parameters towards <paramref name="online"/>'s and copies its buffers.
    /// Momentum 0 makes the target an exact copy; momentum 1 leaves its parameters unchanged.
    /// </summary>
    /// <param name="target">The momentum network; must have the same parameter and buffer names and shapes as <paramref name="online"/>.</param>
    /// <param name="online">The network trained by the optimiser; left unchanged.</param>
    /// <param name="momentum">m in [0, 1]: MoCo v2 uses 0.99 in Lightly's benchmarks.</param>
    /// <exception cref="ArgumentException">The two networks do not have the same structure.</exception>
    public static void Apply(nn.Module target, nn.Module online, double momentum)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(online);
        if (!(momentum >= 0 && momentum <= 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "EMA momentum must be in [0, 1].");
        var targetParameters = target.named_parameters().ToArray();
        var onlineParameters = online.named_parameters().ToArray();
        var targetBuffers = target.named_buffers().ToArray();
        var onlineBuffers = online.named_buffers().ToArray();
        CheckSameStructure(targetParameters.Select(p => (p.name, (Tensor)p.parameter)).ToArray(),
            onlineParameters.Select(p => (p.name, (Tensor)p.parameter)).ToArray(), "parameters");
        CheckSameStructure(targetBuffers, onlineBuffers, "buffers");

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var keep = momentum.ToScalar();
        using var take = (1 - momentum).ToScalar();
        for (int i = 0; i < targetParameters.Length; i++)
        {
            var t = targetParameters[i].parameter;
            var o = onlineParameters[i].parameter;
            if (momentum == 0) t.copy_(o);
            else if (momentum < 1) t.mul_(keep).add_(o, take);
        }
        for (int i = 0; i < targetBuffers.Length; i++)
            targetBuffers[i].Item2.copy_(onlineBuffers[i].Item2);
    }

    /// <summary>Applies <see cref="Apply(nn.Module, nn.Module, double)"/> with one <paramref name="momentum"/> to every (target, online) pair, e.g. a teacher's backbone and head.</summary>
    internal static void Apply(double momentum, params (nn.Module Target, nn.Module Online)[] pairs)
    {
        foreach (var (target, online) in pairs) Apply(target, online, momentum);
    }

    /// <summary>Turns gradients off for every parameter of <paramref name="target"/>, so the optimiser leaves it to <see cref="Apply(nn.Module, nn.Module, double)"/>.</summary>
    public static void Freeze(nn.Module target)
    {
        ArgumentNullException.ThrowIfNull(target);
        foreach (var parameter in target.parameters()) parameter.requires_grad = false;
    }

    private static void CheckSameStructure((string Name, Tensor Value)[] target, (string Name, Tensor Value)[] online, string kind)
    {
        if (target.Length != online.Length)
            throw new ArgumentException($"EMA update: the target network has {target.Length} {kind} and the online network {online.Length}; create both with the same architecture.");
        for (int i = 0; i < target.Length; i++)
            if (target[i].Name != online[i].Name || !target[i].Value.shape.SequenceEqual(online[i].Value.shape))
                throw new ArgumentException(
                    $"EMA update: {kind} {i} is '{target[i].Name}' [{string.Join(", ", target[i].Value.shape)}] in the target but '{online[i].Name}' [{string.Join(", ", online[i].Value.shape)}] online; create both with the same architecture.");
    }
}
