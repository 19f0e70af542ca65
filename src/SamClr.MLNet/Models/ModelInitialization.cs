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
