using SamClr.MLNet.Regions.Sam;
using Xunit;

namespace SamClr.MLNet.Tests.Regions.Sam;

public class SamPreprocessingTests
{
    [Fact]
    public void LongestSideBecomes1024WithHalfUpRounding()
    {
        // 80 x 48: scale 1024 / 80 = 12.8 -> 1024 x 614.4 -> 614. Transposed: 614 x 1024.
        Assert.Equal((1024, 614), SamPreprocessing.ResizedSize(80, 48));
        Assert.Equal((614, 1024), SamPreprocessing.ResizedSize(48, 80));
        // 3 x 2: scale 341.33 -> 1024 x 682.67 -> 683.
        Assert.Equal((1024, 683), SamPreprocessing.ResizedSize(3, 2));
    }

    [Fact]
    public void PointsMoveToThe1024Frame()
    {
        // 80 x 48 -> 1024 x 614: x * 1024/80 = 512 for x = 40; y * 614/48 = 24 * 12.7917 = 307.
        var (x, y) = SamPreprocessing.ToModelFrame((40f, 24f), 80, 48);
        Assert.Equal(512f, x, 3);
        Assert.Equal(307f, y, 3);
    }

    [Fact]
    public void ResizesBilinearlyNormalisesAndPads()
    {
        // A 2 x 1 image: R = [0, 255], G = [100, 100], B = [0, 0]. Resized to 1024 x 512.
        byte[] planar = [0, 255, 100, 100, 0, 0];
        var input = SamPreprocessing.Preprocess(planar, 2, 1);
        Assert.Equal(3 * 1024 * 1024, input.Length);
        const int plane = 1024 * 1024;
        // Output x maps to source (x + 0.5) * 2/1024 - 0.5, clamped at 0:
        // x = 0 -> 0 -> R 0; x = 512 -> 512.5/512 - 0.5 = 0.500977 -> R 127.749; x = 1023 -> 1.499 -> clamped pair (1,1) -> 255.
        Assert.Equal((0f - 123.675f) / 58.395f, input[0], 4);
        Assert.Equal((255f * (512.5f / 512f - 0.5f) - 123.675f) / 58.395f, input[512], 4);
        Assert.Equal((255f - 123.675f) / 58.395f, input[1023], 4);
        // Row 511 is inside (height 512), row 512 is padding: zero after normalisation.
        Assert.Equal((255f - 123.675f) / 58.395f, input[511 * 1024 + 1023], 4);
        Assert.Equal(0f, input[512 * 1024]);
        // G is 100 everywhere inside; B is 0 inside.
        Assert.Equal((100f - 116.28f) / 57.12f, input[plane + 300 * 1024 + 700], 4);
        Assert.Equal((0f - 103.53f) / 57.375f, input[2 * plane + 10], 4);
        Assert.Equal(0f, input[2 * plane + 1023 * 1024 + 1023]);
    }

    [Fact]
    public void HwcInterleavesThePlanes()
    {
        // 2 x 1: R = [1, 2], G = [3, 4], B = [5, 6] -> pixel 0 (1,3,5), pixel 1 (2,4,6).
        Assert.Equal([1f, 3f, 5f, 2f, 4f, 6f], SamPreprocessing.ToHwc([1, 2, 3, 4, 5, 6], 2, 1));
    }

    [Fact]
    public void AWrongBufferSizeIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => SamPreprocessing.Preprocess(new byte[5], 2, 1));
        Assert.Contains("3 x 1 x 2 = 6 bytes", error.Message);
    }
}
