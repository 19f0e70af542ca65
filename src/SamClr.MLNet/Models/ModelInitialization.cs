using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SamClr.MLNet.Models;

/// <summary>Weight initialisation shared by the backbones.</summary>
internal static class ModelInitialization
{
    /// <summary>
    /// He-normal (fan-out, ReLU) for convolutions, weight 1 and bias 0 for batch norms: torchvision's ResNet initialisation.
    /// </summary>
    public static void KaimingNormal(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules())
        {
            switch (child)
            {
                case Conv2d conv:
                    nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
                    break;
                case BatchNorm2d bn:
                    nn.init.ones_(bn.weight);
                    nn.init.zeros_(bn.bias);
                    break;
            }
        }
    }
}
