using SamClr.MLNet.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// Makes the views of one training batch from the source pixels: per sample the box its views come from (the whole
/// image, or a region for SAMCLR and region views), then per view of the method's plan every random parameter, all
/// drawn in that fixed order from one random source; then the crops are cut and resized on CPU worker threads
/// (<see cref="CropResizer"/>). Because every random draw happens before the parallel part, the same random source
/// gives the same views whatever the number of threads.
/// </summary>
internal static class ViewCutter
{
    /// <summary>Draws and cuts the views of the images at <paramref name="indices"/>.</summary>
    /// <param name="images">The source images.</param>
    /// <param name="indices">The batch's image indices.</param>
    /// <param name="boxes">Where each image's views come from.</param>
    /// <param name="plan">One entry per view of an image (two for SimCLR; globals then locals for multi-crop).</param>
    /// <param name="random">The batch's random source.</param>
    /// <param name="workers">How many threads cut crops.</param>
    internal static PreparedViews Prepare(ISourceImages images, ReadOnlySpan<int> indices, IViewBoxSource boxes,
        IReadOnlyList<ViewAugmentationOptions> plan, Random random, int workers)
    {
        int n = indices.Length;
        var batchIndices = indices.ToArray();
        var batchBoxes = new CropBox[n];
        for (int i = 0; i < n; i++) batchBoxes[i] = boxes.BoxFor(batchIndices[i], random);
        var parameters = plan.Select(options => ViewParameters.Draw(batchBoxes, options, random)).ToArray();
        var pixels = plan.Select(options => new byte[checked(n * 3 * options.OutputSize * options.OutputSize)]).ToArray();
        Parallel.For(0, plan.Count * n, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers) }, () => new CropScratch(), (k, _, scratch) =>
        {
            int v = k / n, i = k % n, size = plan[v].OutputSize, plane = 3 * size * size;
            CropResizer.Cut(images, batchIndices[i], parameters[v].Crops[i], parameters[v].Flip[i], size, pixels[v].AsSpan(i * plane, plane), scratch);
            return scratch;
        }, _ => { });
        return new PreparedViews(plan, parameters, pixels);
    }
}

/// <summary>The cut views of one batch, waiting for the device: per view of the plan, its crops and random parameters.</summary>
/// <param name="Plan">The view settings, one per view.</param>
/// <param name="Parameters">The random parameters of each view (crops in source pixels).</param>
/// <param name="Pixels">The crops of each view, planar RGB bytes [B, 3, S, S].</param>
internal sealed record PreparedViews(IReadOnlyList<ViewAugmentationOptions> Plan, ViewParameters[] Parameters, byte[][] Pixels)
{
    /// <summary>The finished views on <paramref name="device"/> (<see cref="ViewAugmenter.FromCrops"/>), in plan order; the caller owns them.</summary>
    internal Tensor[] ToDevice(Device device) =>
        Plan.Select((options, v) => ViewAugmenter.FromCrops(Pixels[v], Parameters[v], options, device)).ToArray();
}
