using TorchSharp;
using static TorchSharp.torch;

namespace SamClr.MLNet.Views;

/// <summary>
/// Makes the multi-crop views of a batch: <see cref="MultiCropOptions.GlobalViewCount"/> global and
/// <see cref="MultiCropOptions.LocalViewCount"/> local view batches, each made by <see cref="ViewAugmenter"/> with
/// every sample cropped inside its own box (the whole image, or a SAM region for region views).
/// </summary>
public static class MultiCropViews
{
    /// <summary>Makes every view of every image.</summary>
    /// <param name="images">Float32 images [B, 3, H, W] in [0, 1] on any device.</param>
    /// <param name="boxes">One box per image, in canvas pixels; every view of image i is cropped inside boxes[i].</param>
    /// <param name="options">The multi-crop settings (<see cref="MultiCropOptions.Dino"/> by default).</param>
    /// <param name="rng">The caller's seeded random source; global views are drawn first, in order, then local views.</param>
    /// <returns>Global view batches [B, 3, G, G] and local view batches [B, 3, L, L], G = <see cref="MultiCropOptions.GlobalSize"/>,
    /// L = <see cref="MultiCropOptions.LocalSize"/>, in the caller's dispose scope. The caller owns the tensors.</returns>
    public static (IReadOnlyList<Tensor> Globals, IReadOnlyList<Tensor> Locals) Make(Tensor images, IReadOnlyList<CropBox> boxes,
        MultiCropOptions options, Random rng) => Make(images, boxes, options, rng, out _, out _);

    /// <summary>Makes every view of every image and reports the crop of each view.</summary>
    /// <param name="images">Float32 images [B, 3, H, W] in [0, 1] on any device.</param>
    /// <param name="boxes">One box per image, in canvas pixels.</param>
    /// <param name="options">The multi-crop settings.</param>
    /// <param name="rng">The caller's seeded random source.</param>
    /// <param name="globalCrops">Per global view, the crop of each image in canvas pixels (inside its box).</param>
    /// <param name="localCrops">Per local view, the crop of each image in canvas pixels (inside its box).</param>
    /// <returns>Global and local view batches, as <see cref="Make(Tensor, IReadOnlyList{CropBox}, MultiCropOptions, Random)"/>.</returns>
    public static (IReadOnlyList<Tensor> Globals, IReadOnlyList<Tensor> Locals) Make(Tensor images, IReadOnlyList<CropBox> boxes,
        MultiCropOptions options, Random rng, out CropBox[][] globalCrops, out CropBox[][] localCrops)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rng);
        options.Validate();
        var perImage = boxes as CropBox[] ?? boxes.ToArray();
        using var scope = NewDisposeScope();
        var globals = new Tensor[options.GlobalViewCount];
        globalCrops = new CropBox[options.GlobalViewCount][];
        for (int v = 0; v < globals.Length; v++)
            globals[v] = ViewAugmenter.Apply(images, perImage, options.GlobalView(v), rng, out globalCrops[v]);
        var local = options.LocalView();
        var locals = new Tensor[options.LocalViewCount];
        localCrops = new CropBox[options.LocalViewCount][];
        for (int v = 0; v < locals.Length; v++)
            locals[v] = ViewAugmenter.Apply(images, perImage, local, rng, out localCrops[v]);
        foreach (var view in globals.Concat(locals)) view.MoveToOuterDisposeScope();
        return (globals, locals);
    }
}
