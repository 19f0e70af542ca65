using SamClr.MLNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// Crop, resize and horizontal flip of every sample of a batch as one affine_grid / grid_sample call
/// (bilinear, align_corners = false, border padding); float32 CPU images take the same sampling in two 1-D passes
/// per sample instead (<see cref="PlaneCrop"/>, via <see cref="CpuViewRenderer"/>).
/// </summary>
/// <remarks>
/// With align_corners = false, a normalised input coordinate u in [-1, 1] is the pixel-edge coordinate
/// X = (u + 1) W / 2 (X = 0 is the left edge of the first column, X = W the right edge of the last), and the
/// output pixel j of S sits at u' = (2 j + 1) / S - 1. Mapping the output's edges u' = -1 and u' = 1 onto the
/// crop's edges x0 and x1 gives X = x0 + (u' + 1)(x1 - x0) / 2, hence
/// u = u' (x1 - x0) / W + (x0 + x1) / W - 1, and likewise for y with H. A flip negates the x scale, so u' = -1
/// lands on x1 instead. Output pixel j therefore samples the pixel-centre coordinate
/// x0 + (j + 0.5)(x1 - x0) / S - 0.5 (or its mirror), which is what the tests check on a ramp image.
/// </remarks>
internal static class AffineCrop
{
    /// <summary>
    /// The affine matrices [B, 2, 3] (row-major, flattened) that map output coordinates to input coordinates
    /// for crops on a <paramref name="width"/> x <paramref name="height"/> canvas.
    /// </summary>
    internal static float[] Theta(ReadOnlySpan<CropBox> crops, ReadOnlySpan<bool> flips, int width, int height)
    {
        var theta = new float[crops.Length * 6];
        for (int i = 0; i < crops.Length; i++)
        {
            var c = crops[i];
            double scaleX = (double)(c.X1 - c.X0) / width;
            double scaleY = (double)(c.Y1 - c.Y0) / height;
            theta[6 * i + 0] = (float)(flips[i] ? -scaleX : scaleX);
            theta[6 * i + 2] = (float)(((double)c.X0 + c.X1) / width - 1);
            theta[6 * i + 4] = (float)scaleY;
            theta[6 * i + 5] = (float)(((double)c.Y0 + c.Y1) / height - 1);
        }
        return theta;
    }

    /// <summary>
    /// Samples each crop of <paramref name="images"/> [B, C, H, W] into an <paramref name="outputSize"/> square,
    /// mirrored where <paramref name="flips"/> is true. Returns [B, C, S, S] on the images' device.
    /// </summary>
    internal static Tensor Resample(Tensor images, ReadOnlySpan<CropBox> crops, ReadOnlySpan<bool> flips, int outputSize)
    {
        if (images.device.type == DeviceType.CPU && images.dtype == ScalarType.Float32)
            return CpuViewRenderer.Render(images, crops, flips, outputSize, null);
        using var scope = NewDisposeScope();
        long batch = images.shape[0], channels = images.shape[1];
        var theta = tensor(Theta(crops, flips, (int)images.shape[3], (int)images.shape[2]),
            new long[] { batch, 2, 3 }, images.dtype, images.device);
        var grid = nn.functional.affine_grid(theta, new long[] { batch, channels, outputSize, outputSize }, align_corners: false);
        var output = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        return output.MoveToOuterDisposeScope();
    }
}
