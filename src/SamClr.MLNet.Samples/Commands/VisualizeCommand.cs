using SamClr.MLNet.Data;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Store;
using SamClr.MLNet.Views;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The paper's Figure 1 for one image: its regions, the chosen region's enlarged box, and the two views SimCLR and
/// SAMCLR would sample, written as one PNG.
/// </summary>
internal static class VisualizeCommand
{
    public const string Usage =
        "visualize --image FILE --out PNG [--store STORE --root DIR | --masks DIR --root DIR] [--view-size 128]\n" +
        "          [--min-area 1000] [--box-scale 1.3] [--seed 0]";

    public static int Run(CommandLineArguments args)
    {
        string image = args.String("image") ?? throw new UsageException("--image FILE is required.");
        string output = args.String("out") ?? throw new UsageException("--out PNG is required.");
        string? storePath = args.String("store"), masks = args.String("masks"), root = args.String("root");
        int viewSize = args.Int("view-size", 128), seed = args.Int("seed", 0);
        var selection = RegionArguments.Selection(args);
        args.EnsureAllUsed();
        if ((storePath != null || masks != null) && root is null)
            throw new UsageException("--store and --masks find the image by its path relative to --root DIR (the data set folder).");

        // The image at full resolution, as the image store keeps it; boxes and views come from the code training uses.
        var (rgb, size, _) = ImageDecoder.DecodeRgb(image, new ImageStoreOptions().MaxSide);
        var picture = ImageSet.FromInterleaved(rgb, size);
        var (frame, regions, source) = LoadRegions(image, picture, storePath, masks, root);
        var boxes = RegionSelection.CandidateBoxesInImage(regions, frame.Width, frame.Height, size.Width, size.Height, selection);

        var rng = new Random(seed);
        var whole = CropBox.Whole(size.Width, size.Height);
        var chosen = boxes.Count == 0 ? whole : boxes[rng.Next(boxes.Count)];
        var views = new ViewAugmentationOptions { OutputSize = viewSize, Normalize = false };
        var plan = new[] { views, views };
        using var scope = torch.NewDisposeScope();
        var simclr = ViewCutter.Prepare(picture, new[] { 0 }, new WholeImageBoxSource(picture), plan, rng, 1);
        var samclr = ViewCutter.Prepare(picture, new[] { 0 }, new RegionBoxSource(new[] { new[] { chosen } }, picture.Sizes), plan, rng, 1);
        var simclrViews = simclr.ToDevice(torch.CPU);
        var samclrViews = samclr.ToDevice(torch.CPU);

        FigureWriter.Write(output, picture, regions, frame, boxes, chosen,
            simclr.Parameters.Select(p => p.Crops[0]).ToArray(), samclr.Parameters.Select(p => p.Crops[0]).ToArray(),
            simclrViews.Select(v => v[0]).ToArray(), samclrViews.Select(v => v[0]).ToArray());
        Console.WriteLine($"{image}: {size.Width}x{size.Height}, {regions.Count} regions ({source}, {frame.Width}x{frame.Height} frame), {boxes.Count} candidate boxes " +
                          $"after the hierarchy and a {selection.MinArea} px minimum area (pixels of the image){(boxes.Count == 0 ? " (none: SAMCLR falls back to the whole image)" : "")}. Wrote {output}.");
        Console.WriteLine("Top row: regions (colours), candidate boxes (white) and the chosen enlarged box (yellow); SimCLR's two crops (cyan); SAMCLR's two crops (magenta).");
        Console.WriteLine("Bottom row: SimCLR's two views, then SAMCLR's two views.");
        return 0;
    }

    private static (ImageSize Frame, IReadOnlyList<Region> Regions, string Source) LoadRegions(
        string image, ImageSet picture, string? storePath, string? masks, string? root)
    {
        var size = picture.Sizes[0];
        if (storePath != null)
        {
            using var store = RegionStore.Open(storePath);
            string key = StoreKeys.ForFile(root!, image);
            var entry = store.Read(key) ?? throw new InvalidDataException($"The store '{storePath}' has no regions for '{key}'; run the segment command on that data set first.");
            return (new ImageSize(entry.Width, entry.Height), entry.Regions, $"store {storePath}, {store.Manifest.Proposer}");
        }
        if (masks != null)
        {
            var warnings = new ImportWarnings();
            var regions = AmgMaskFolder.Load(root!, masks, image, null, warnings);
            if (warnings.MissingMaskFiles > 0) throw new FileNotFoundException($"No mask file for '{image}' under '{masks}' (expected {AmgMaskFolder.PathFor(root!, masks, image)}).");
            var frame = regions.Count > 0 ? new ImageSize(regions[0].Mask.Width, regions[0].Mask.Height) : size;
            return (frame, regions, $"amg.py masks in {masks}");
        }
        // The weight-free segmenter at the size SamRegionSample gives it by default (longest side 512).
        var small = Math.Max(size.Width, size.Height) > 512 ? ImageResizer.ResizeOntoCanvas(picture, 512) : picture;
        var shrunk = small.Sizes[0];
        var planar = new byte[3 * shrunk.Width * shrunk.Height];
        var rgb = small.ReadImage(0);
        for (int p = 0; p < shrunk.Width * shrunk.Height; p++)
            for (int c = 0; c < 3; c++) planar[c * shrunk.Width * shrunk.Height + p] = rgb[3 * p + c];
        return (shrunk, new Regions.Segmentation.FelzenszwalbSegmenter().Propose(planar, shrunk.Width, shrunk.Height), "weight-free default segmenter");
    }
}
