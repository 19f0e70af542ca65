using SamClr.MLNet.Data;
using SamClr.MLNet.Views;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SamClr.MLNet.Tests.Views;

public class PlaneCropTests
{
    [Fact]
    public void EnlargedCornerCropClampsAtTheBorderAndInterpolates()
    {
        // One 3 x 4 plane holding column / 10 + row. Crop (0, 0, 2, 2) to 4 x 4: x = (j + 0.5) / 2 - 0.5 =
        // -0.25 (clamped to 0), 0.25, 0.75, 1.25, and the same for y, so pixel (i, j) = x_j / 10 + y_i.
        var plane = new float[12];
        for (int y = 0; y < 3; y++)
            for (int x = 0; x < 4; x++) plane[y * 4 + x] = x / 10f + y;
        var view = new float[16];
        PlaneCrop.Resample(plane, 1, 3, 4, new CropBox(0, 0, 2, 2), false, 4, view);
        float[] xs = { 0, 0.25f, 0.75f, 1.25f };
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++) Assert.Equal(xs[j] / 10 + xs[i], view[i * 4 + j], 5);
        // Mirrored: output column j holds what column 3 - j held.
        PlaneCrop.Resample(plane, 1, 3, 4, new CropBox(0, 0, 2, 2), true, 4, view);
        Assert.Equal(1.25f / 10 + 0.75f, view[2 * 4 + 0], 5);
    }

    [Fact]
    public void MatchesGridSampleOnRandomCropsAndFlips()
    {
        // The CUDA path's affine_grid / grid_sample on the same crops: shrunk, enlarged, at the edges, mirrored.
        var crops = new[] { new CropBox(0, 0, 37, 29), new CropBox(3.5f, 2.25f, 9, 7.75f), new CropBox(20, 11, 37, 29), new CropBox(1, 5, 30, 20) };
        var flips = new[] { false, true, true, false };
        using var generator = new Generator(4);
        using var images = rand(new long[] { 4, 3, 29, 37 }, generator: generator);
        using var scope = NewDisposeScope();
        var theta = tensor(AffineCrop.Theta(crops, flips, 37, 29), new long[] { 4, 2, 3 });
        var grid = nn.functional.affine_grid(theta, new long[] { 4, 3, 13, 13 }, align_corners: false);
        var expected = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        var actual = AffineCrop.Resample(images, crops, flips, 13);
        TensorAssert.Near(TensorAssert.Values(expected), actual, 1e-5f);
    }
}
