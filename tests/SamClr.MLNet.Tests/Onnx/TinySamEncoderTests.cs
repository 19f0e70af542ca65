using SamClr.MLNet.TinySam;
using Xunit;

namespace SamClr.MLNet.Tests.Onnx;

public class TinySamEncoderTests
{
    // Hand values of the fixed 1x1 convolution, w[o,c] = ((3o + 5c) mod 9 - 4) / 8 and b[o] = ((o mod 7) - 3) / 16:
    //   o = 0:   w = [(0-4)/8, (5-4)/8, (10 mod 9 = 1, -4)/8] = [-0.5, 0.125, -0.375], b = -3/16 = -0.1875
    //   o = 1:   w = [(3-4)/8, (8-4)/8, (13 mod 9 = 4, -4)/8] = [-0.125, 0.5, 0],    b = -2/16 = -0.125
    //   o = 255: 765 mod 9 = 0, 770 mod 9 = 5, 775 mod 9 = 1 -> w = [-0.5, 0.125, -0.375], b = (255 mod 7 = 3, -3)/16 = 0
    private const float Tolerance = 1e-4f;

    [Fact]
    public void PreprocessedEncoderHasSamsSignatureAndPoolsThenProjects()
    {
        using var session = OrtRunner.Open(TinySamModels.Encoder());
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input_image", input.Key);
        Assert.Equal(new[] { 1, 3, 1024, 1024 }, input.Value.Dimensions);
        var output = Assert.Single(session.OutputMetadata);
        Assert.Equal("image_embeddings", output.Key);
        Assert.Equal(new[] { 1, 256, 64, 64 }, output.Value.Dimensions);

        // Channel 0 is 1 on the first 16 rows (block row 0); channel 1 is 256 at one pixel (20, 40), in block (1, 2).
        var image = new float[3 * 1024 * 1024];
        for (int i = 0; i < 16 * 1024; i++) image[i] = 1f;
        image[1024 * 1024 + 20 * 1024 + 40] = 256f;
        var embeddings = OrtRunner.Run(session, ("input_image", OrtTensor.Of(image, 1, 3, 1024, 1024)))["image_embeddings"];
        Assert.Equal(new long[] { 1, 256, 64, 64 }, embeddings.Shape);

        // Block row 0 pools to (1, 0, 0): o = 0 gives -0.5 - 0.1875 = -0.6875; o = 1 gives -0.125 - 0.125 = -0.25.
        Assert.Equal(-0.6875f, embeddings.At(0, 0, 0, 7), Tolerance);
        Assert.Equal(-0.25f, embeddings.At(0, 1, 0, 63), Tolerance);
        // Block (1, 2) pools to (0, 256/256 = 1, 0): o = 0 gives 0.125 - 0.1875 = -0.0625; o = 1 gives 0.5 - 0.125 = 0.375.
        Assert.Equal(-0.0625f, embeddings.At(0, 0, 1, 2), Tolerance);
        Assert.Equal(0.375f, embeddings.At(0, 1, 1, 2), Tolerance);
        // Elsewhere the pooled image is 0: the bias alone.
        Assert.Equal(-0.1875f, embeddings.At(0, 0, 5, 5), Tolerance);
        Assert.Equal(0f, embeddings.At(0, 255, 5, 5), Tolerance);
    }

    [Theory]
    [InlineData(48, 80)] // landscape: resized to 614 x 1024 (48 * 1024 / 80 = 614.4 -> 614)
    [InlineData(80, 48)] // portrait: resized to 1024 x 614
    public void HwcEncoderResizesNormalisesAndPadsInsideTheGraph(int height, int width)
    {
        using var session = OrtRunner.Open(TinySamModels.EncoderHwc());
        var input = Assert.Single(session.InputMetadata);
        Assert.Equal("input_image", input.Key);
        Assert.Equal(new[] { -1, -1, 3 }, input.Value.Dimensions);
        Assert.Equal(new[] { "image_height", "image_width", "" }, input.Value.SymbolicDimensions);

        // A constant colour whose normalised value is (1, 0, -1): R = mean + std, G = mean, B = mean - std.
        var mean = TinySamModels.PixelMean;
        var std = TinySamModels.PixelStd;
        var rgb = new[] { mean[0] + std[0], mean[1], mean[2] - std[2] };
        var image = new float[height * width * 3];
        for (int p = 0; p < height * width; p++)
            for (int c = 0; c < 3; c++) image[p * 3 + c] = rgb[c];
        var embeddings = OrtRunner.Run(session, ("input_image", OrtTensor.Of(image, height, width, 3)))["image_embeddings"];
        Assert.Equal(new long[] { 1, 256, 64, 64 }, embeddings.Shape);

        // The short side becomes 614 pixels: blocks 0-37 are fully inside, block 38 holds 614 - 608 = 6 of its 16
        // rows (or columns), blocks 39-63 are zero padding.
        // o = 0: full block w0 - w2 + b = -0.5 + 0.375 - 0.1875 = -0.3125; block 38: (6/16)(-0.125) - 0.1875 = -0.234375; padding: -0.1875.
        // o = 1: full block -0.125 - 0 - 0.125 = -0.25; block 38: (6/16)(-0.125) - 0.125 = -0.171875.
        bool landscape = width > height;
        float At(int o, int shortBlock, int longBlock) =>
            landscape ? embeddings.At(0, o, shortBlock, longBlock) : embeddings.At(0, o, longBlock, shortBlock);
        Assert.Equal(-0.3125f, At(0, 0, 0), Tolerance);
        Assert.Equal(-0.3125f, At(0, 37, 63), Tolerance);
        Assert.Equal(-0.234375f, At(0, 38, 10), Tolerance);
        Assert.Equal(-0.1875f, At(0, 39, 10), Tolerance);
        Assert.Equal(-0.1875f, At(0, 63, 63), Tolerance);
        Assert.Equal(-0.25f, At(1, 20, 30), Tolerance);
        Assert.Equal(-0.171875f, At(1, 38, 63), Tolerance);
    }

    [Fact]
    public void HwcEncoderAgreesWithPreprocessedEncoderOnAnImageAlreadyAt1024()
    {
        // An HWC image whose longest side is already 1024 (the resize is the identity) gives the same embedding as
        // the same image normalised, padded and fed to form A. Rows: 1024 x 512 columns; value = column mod 251.
        const int height = 1024, width = 512;
        var hwc = new float[height * width * 3];
        var chw = new float[3 * 1024 * 1024];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                for (int c = 0; c < 3; c++)
                {
                    float v = (x + 37 * c) % 251;
                    hwc[(y * width + x) * 3 + c] = v;
                    chw[c * 1024 * 1024 + y * 1024 + x] = (v - TinySamModels.PixelMean[c]) / TinySamModels.PixelStd[c];
                }
        var fromHwc = OrtRunner.Run(TinySamModels.EncoderHwc(), ("input_image", OrtTensor.Of(hwc, height, width, 3)))["image_embeddings"];
        var fromChw = OrtRunner.Run(TinySamModels.Encoder(), ("input_image", OrtTensor.Of(chw, 1, 3, 1024, 1024)))["image_embeddings"];
        for (int i = 0; i < fromChw.Floats!.Length; i += 97) Assert.Equal(fromChw.Floats[i], fromHwc.Floats![i], 1e-3f);
    }

    [Fact]
    public void HqEncoderAlsoReturnsIntermediateEmbeddings()
    {
        using var session = OrtRunner.Open(TinySamModels.HqEncoder(hqChannels: 4));
        Assert.Equal(new[] { "image_embeddings", "interm_embeddings" }, session.OutputMetadata.Keys.ToArray());
        Assert.Equal(new[] { 4, 1, 64, 64, 4 }, session.OutputMetadata["interm_embeddings"].Dimensions);

        // Channel 0 is 2 everywhere: pooled (2, 0, 0); interm channel j = 2 w[j,0]: j = 0 -> -1, j = 1 -> -0.25.
        var image = new float[3 * 1024 * 1024];
        Array.Fill(image, 2f, 0, 1024 * 1024);
        var outputs = OrtRunner.Run(session, ("input_image", OrtTensor.Of(image, 1, 3, 1024, 1024)));
        var interm = outputs["interm_embeddings"];
        Assert.Equal(new long[] { 4, 1, 64, 64, 4 }, interm.Shape);
        for (int block = 0; block < 4; block++)
        {
            Assert.Equal(-1f, interm.At(block, 0, 10, 20, 0), Tolerance);
            Assert.Equal(-0.25f, interm.At(block, 0, 63, 0, 1), Tolerance);
        }
        Assert.Equal(2 * -0.5f - 0.1875f, outputs["image_embeddings"].At(0, 0, 3, 3), Tolerance);
    }
}
