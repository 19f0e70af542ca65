using SamClr.MLNet.Compute;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models;

/// <summary>Weight initialisation shared by the backbones.</summary>
internal static class ModelInitialization
{
    /// <summary>
    /// He-normal (fan-out, ReLU) for convolutions, weight 1 and bias 0 for batch norms: torchvision's ResNet initialisation.
    /// The draws come from <paramref name="generator"/>, or libtorch's global generator when it is null.
    /// </summary>
    public static void KaimingNormal(nn.Module module, Generator? generator = null)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    // kaiming_normal_(mode = fan_out, nonlinearity = relu): std = sqrt(2 / fan_out). TorchSharp 0.107's kaiming_normal_
                    // takes no generator and its nn.init.normal_/uniform_ ignore theirs; the tensor methods honour it.
                    long fanOut = conv.weight!.shape.Skip(2).Aggregate(conv.weight.shape[0], (a, b) => a * b);
                    conv.weight.normal_(0, Math.Sqrt(2.0 / fanOut), generator);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight);
                    nn.init.zeros_(bn.bias);
                    break;
            }
        }
    }

    /// <summary>
    /// Fills <paramref name="tensor"/> with draws of a normal distribution N(<paramref name="mean"/>,
    /// <paramref name="std"/>²) truncated to [<paramref name="a"/>, <paramref name="b"/>], from <paramref name="generator"/>:
    /// PyTorch's <c>nn.init.trunc_normal_</c> (inverse-CDF sampling: uniform in [2 Φ(α) - 1, 2 Φ(β) - 1], erfinv, scale and
    /// shift, clamp to the bounds). TorchSharp 0.107's <c>nn.init.trunc_normal_</c> fills the tensor with one constant
    /// (measured: std 0.02 gave 0.02 in every element, and now and then a NaN), so the library draws its own.
    /// </summary>
    public static Tensor TruncatedNormal(Tensor tensor, double mean, double std, double a, double b, Generator? generator)
    {
        if (!(std > 0) || !(a < b)) throw new ArgumentOutOfRangeException(nameof(std), $"Need std > 0 and a < b; got std {std}, [{a}, {b}].");
        using var noGrad = no_grad();
        double low = NormalCdf((a - mean) / std), high = NormalCdf((b - mean) / std);
        tensor.uniform_(2 * low - 1, 2 * high - 1, generator);
        using var scale = (std * Math.Sqrt(2)).ToScalar();
        using var shift = mean.ToScalar();
        using var min = a.ToScalar();
        using var max = b.ToScalar();
        // erfinv(±1) is ±infinity; the clamp brings those (rare) draws back to the bounds, as PyTorch's does.
        return tensor.erfinv_().mul_(scale).add_(shift, Scalars.One).clamp_(min, max);
    }

    /// <summary>The standard normal CDF Φ(x) = (1 + erf(x / √2)) / 2.</summary>
    private static double NormalCdf(double x) => (1 + Erf(x / Math.Sqrt(2))) / 2;

    /// <summary>erf(x) to about 1e-7 (Abramowitz and Stegun 7.1.26), enough for the sampling interval's bounds.</summary>
    private static double Erf(double x)
    {
        double t = 1 / (1 + 0.3275911 * Math.Abs(x));
        double y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-x * x);
        return x >= 0 ? y : -y;
    }

    /// <summary>
    /// PyTorch's default initialisation of a linear layer (kaiming_uniform_ with a = sqrt(5), which is
    /// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the same bound for the bias), drawn from <paramref name="generator"/>.
    /// </summary>
    public static void LinearDefault(Linear linear, Generator generator)
    {
        using var noGrad = no_grad();
        double bound = 1 / Math.Sqrt(linear.weight!.shape[1]);
        linear.weight.uniform_(-bound, bound, generator);
        linear.bias?.uniform_(-bound, bound, generator);
    }
}
