using SamClr.MLNet.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Models;

public class BackboneTests
{
    private static long ParameterCount(nn.Module module) => module.parameters().Sum(p => p.numel());

    [Fact]
    public void ResNet18HasTorchvisionParameterCountAndNames()
    {
        using var net = Backbones.Create("resnet18");
        // torchvision's resnet18 has 11,689,512 parameters; its fc layer (512 x 1000 + 1000) is not part of a backbone.
        Assert.Equal(11_689_512 - 513_000, ParameterCount(net));
        Assert.Equal(512, net.FeatureDimension);
        var names = net.state_dict().Keys.ToHashSet();
        Assert.Contains("conv1.weight", names);
        Assert.Contains("layer1.0.bn2.running_var", names);
        Assert.Contains("layer2.0.downsample.0.weight", names);
        Assert.Contains("layer4.1.conv2.weight", names);
    }

    [Theory]
    [InlineData("resnet18", 512, 64)]
    [InlineData("resnet34-cifar", 512, 16)]
    [InlineData("resnet50", 2048, 32)]
    [InlineData("small-cnn", 256, 32)]
    public void ReturnsPooledFeaturesOfTheAdvertisedSize(string name, int dimension, int size)
    {
        using var net = Backbones.Create(name);
        net.eval();
        using var x = rand(2, 3, size, size);
        using var y = net.forward(x);
        Assert.Equal(new long[] { 2, dimension }, y.shape);
        Assert.Equal(name, net.ArchitectureName);
    }

    [Fact]
    public void SmallCnnHasAboutFourHundredThousandParameters()
    {
        using var net = new SmallCnn();
        // Convolutions 864 + 18,432 + 73,728 + 294,912 = 387,936 (3x3 kernels, no bias), plus BN scale and shift 2*(32+64+128+256) = 960.
        Assert.Equal(388_896, ParameterCount(net));
    }

    [Fact]
    public void UnknownNameListsTheChoices()
    {
        var ex = Assert.Throws<ArgumentException>(() => Backbones.Create("vgg16"));
        Assert.Contains("resnet18", ex.Message);
    }
}
