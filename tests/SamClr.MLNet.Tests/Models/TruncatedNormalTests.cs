using SamClr.MLNet.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Models;

public class TruncatedNormalTests
{
    [Fact]
    public void DinoHeadsDrawIsANormalWithTheGivenStdNotAConstant()
    {
        // std 0.02 truncated at ±2 (the official DINO head): practically N(0, 0.02²). TorchSharp 0.107's trunc_normal_
        // returned 0.02 in every element here.
        using var generator = new Generator(3);
        using var w = ModelInitialization.TruncatedNormal(empty(1000, 1000), 0, 0.02, -2, 2, generator);
        Assert.False(isnan(w).any().item<bool>() || isinf(w).any().item<bool>());
        Assert.InRange(w.mean().item<float>(), -1e-4f, 1e-4f);
        Assert.InRange(w.std().item<float>(), 0.0199f, 0.0201f);
        Assert.InRange(w.abs().max().item<float>(), 0.08f, 0.2f); // about 5 std for a million draws
    }

    [Fact]
    public void DrawsStayInsideTheBoundsWithTheTruncatedMean()
    {
        // N(0, 1) truncated to [-0.5, 1]: mean (φ(-0.5) - φ(1)) / (Φ(1) - Φ(-0.5)) = (0.35207 - 0.24197) / (0.84134 - 0.30854)
        // = 0.20665.
        using var generator = new Generator(5);
        using var w = ModelInitialization.TruncatedNormal(empty(1_000_000), 0, 1, -0.5, 1, generator);
        Assert.True(w.min().item<float>() >= -0.5f && w.max().item<float>() <= 1f);
        Assert.InRange(w.mean().item<float>(), 0.2046f, 0.2087f);
    }

    [Fact]
    public void TheGeneratorAloneDecidesTheDraws()
    {
        Tensor Draw(ulong seed)
        {
            using var generator = new Generator(seed);
            return ModelInitialization.TruncatedNormal(empty(64), 0, 1, -2, 2, generator);
        }
        using var a = Draw(1);
        torch.random.manual_seed(99);
        using var b = Draw(1);
        using var c = Draw(2);
        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        Assert.False(a.allclose(c, rtol: 0, atol: 0));
    }
}
