using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models;
using SamClr.MLNet.Onnx.Export;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Onnx.Export;

public class EncoderOnnxExporterTests
{
    private static readonly PixelNormalization Normalization = new([0.4f, 0.5f, 0.6f], [0.2f, 0.25f, 0.3f]);

    [Theory]
    [InlineData("resnet18", 32)]
    [InlineData("resnet18-cifar", 16)]
    [InlineData("resnet34", 32)]
    [InlineData("resnet50", 32)]
    [InlineData("small-cnn", 32)]
    public void OnnxRuntimeMatchesTorchSharpInEvalMode(string architecture, int size)
    {
        using var backbone = Backbones.Create(architecture);
        RandomizeBatchNormStatistics(backbone, seed: 11);
        backbone.eval();
        var bytes = EncoderOnnxExporter.Export(backbone, size, Normalization);

        var images = RandomImages(2, size, seed: 5);
        var expected = TorchFeatures(backbone, images, 2, size);
        var actual = OrtRunner.Run(bytes, (EncoderOnnxExporter.InputName, OrtTensor.Of(images, 2, 3, size, size)))[EncoderOnnxExporter.OutputName];

        Assert.Equal(new long[] { 2, backbone.FeatureDimension }, actual.Shape);
        Assert.True(MaxAbsDifference(expected, actual.Floats!) < 1e-4f, $"max |ORT - TorchSharp| = {MaxAbsDifference(expected, actual.Floats!)}");
        // The comparison is not vacuous: features vary across images and channels.
        Assert.True(expected.Max() - expected.Min() > 1e-2f);
    }

    [Fact]
    public void BatchDimensionIsDynamic()
    {
        const int size = 16;
        using var backbone = new SmallCnn(8);
        RandomizeBatchNormStatistics(backbone, seed: 3);
        backbone.eval();
        using var session = OrtRunner.Open(EncoderOnnxExporter.Export(backbone, size, PixelNormalization.ImageNet));
        Assert.Equal(new[] { -1, 3, size, size }, session.InputMetadata[EncoderOnnxExporter.InputName].Dimensions);
        Assert.Equal(new[] { -1, 64 }, session.OutputMetadata[EncoderOnnxExporter.OutputName].Dimensions);
        foreach (var batch in new[] { 1, 3 })
        {
            var images = RandomImages(batch, size, seed: batch);
            var expected = TorchFeatures(backbone, images, batch, size, PixelNormalization.ImageNet);
            var actual = OrtRunner.Run(session, (EncoderOnnxExporter.InputName, OrtTensor.Of(images, batch, 3, size, size)))[EncoderOnnxExporter.OutputName];
            Assert.Equal(new long[] { batch, 64 }, actual.Shape);
            Assert.True(MaxAbsDifference(expected, actual.Floats!) < 1e-4f);
        }
    }

    [Fact]
    public void ExportIgnoresTrainingModeAndUsesRunningStatistics()
    {
        const int size = 16;
        using var backbone = new SmallCnn(8);
        RandomizeBatchNormStatistics(backbone, seed: 4);
        backbone.train();
        var bytes = EncoderOnnxExporter.Export(backbone, size, Normalization);
        backbone.eval();
        var images = RandomImages(2, size, seed: 9);
        var actual = OrtRunner.Run(bytes, (EncoderOnnxExporter.InputName, OrtTensor.Of(images, 2, 3, size, size)))[EncoderOnnxExporter.OutputName];
        Assert.True(MaxAbsDifference(TorchFeatures(backbone, images, 2, size), actual.Floats!) < 1e-4f);
    }

    [Fact]
    public void UnknownBackboneTypeIsNamedInTheError()
    {
        using var backbone = new IdentityBackbone();
        var ex = Assert.Throws<NotSupportedException>(() => EncoderOnnxExporter.Export(backbone, 8, Normalization));
        Assert.Contains(typeof(IdentityBackbone).FullName!, ex.Message);
    }

    [Fact]
    public void WritesTheFileAtomically()
    {
        using var directory = new SamClr.MLNet.Tests.Data.TempDirectory();
        using var backbone = new SmallCnn(4);
        var path = directory.File("models", "encoder.onnx");
        EncoderOnnxExporter.Export(backbone, 8, Normalization, path);
        Assert.Equal(EncoderOnnxExporter.Export(backbone, 8, Normalization), File.ReadAllBytes(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void FoldingMatchesHandComputation()
    {
        // Two output channels, one weight each: W = {1, 2}, no bias; gamma = {2, 1}, beta = {0.5, 0},
        // mean = {1, -1}, var = {15, 3}, eps = 1.
        // s0 = 2 / sqrt(15 + 1) = 0.5, s1 = 1 / sqrt(3 + 1) = 0.5
        // W' = {1 * 0.5, 2 * 0.5} = {0.5, 1}
        // b'0 = (0 - 1) * 0.5 + 0.5 = 0;  b'1 = (0 - (-1)) * 0.5 + 0 = 0.5
        var (weights, bias) = BatchNormFolding.Fold([1, 2], null, [2, 1], [0.5f, 0], [1, -1], [15, 3], 1.0);
        Assert.Equal(new[] { 0.5f, 1f }, weights);
        Assert.Equal(new[] { 0f, 0.5f }, bias);

        // With a conv bias {3, -1}: b'0 = (3 - 1) * 0.5 + 0.5 = 1.5;  b'1 = (-1 + 1) * 0.5 + 0 = 0
        var (_, withBias) = BatchNormFolding.Fold([1, 2], [3, -1], [2, 1], [0.5f, 0], [1, -1], [15, 3], 1.0);
        Assert.Equal(new[] { 1.5f, 0f }, withBias);
    }

    internal static void RandomizeBatchNormStatistics(nn.Module module, int seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        foreach (var (_, child) in module.named_modules())
        {
            if (child is not BatchNorm2d bn) continue;
            long c = bn.running_mean!.shape[0];
            bn.running_mean.copy_(rand(c, generator: generator).mul_(0.4).sub_(0.2));
            bn.running_var!.copy_(rand(c, generator: generator).mul_(1.5).add_(0.5));
            bn.weight!.copy_(rand(c, generator: generator).add_(0.5));
            bn.bias!.copy_(rand(c, generator: generator).mul_(0.4).sub_(0.2));
        }
    }

    internal static float[] RandomImages(int count, int size, int seed)
    {
        using var scope = NewDisposeScope();
        return rand(new long[] { count, 3, size, size }, generator: new Generator((ulong)seed)).data<float>().ToArray();
    }

    private static float[] TorchFeatures(Backbone backbone, float[] images, int count, int size, PixelNormalization? normalization = null)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var input = tensor(images, new long[] { count, 3, size, size });
        return backbone.forward((normalization ?? Normalization).Apply(input)).data<float>().ToArray();
    }

    internal static float MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    private sealed class IdentityBackbone : Backbone
    {
        public IdentityBackbone() : base("identity") { }

        public override int FeatureDimension => 3;

        public override string ArchitectureName => "identity";

        public override Tensor forward(Tensor x) => x.mean(new long[] { 2, 3 });
    }
}
