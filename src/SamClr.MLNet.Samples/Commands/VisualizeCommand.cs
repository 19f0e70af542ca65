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
        "visualize --image FILE --out PNG [--store STORE --root DIR | --masks DIR --root DIR] [--canvas 256] [--view-size 128]\n" +
        "          [--min-area N] [--box-scale 1.3] [--seed 0]";

    public static int Run(CommandLineArguments args)
    {
        string image = args.String("image") ?? throw new UsageException("--image FILE is required.");
        string output = args.String("out") ?? throw new UsageException("--out PNG is required.");
        string? storePath = args.String("store"), masks = args.String("masks"), root = args.String("root");
        int canvas = args.Int("canvas", 256), viewSize = args.Int("view-size", 128), seed = args.Int("seed", 0);
        var selection = new RegionSelectionOptions { BoxScale = args.Double("box-scale", 1.3) };
        double? minArea = args.String("min-area") is null ? null : args.Double("min-area", 0);
        args.EnsureAllUsed();
        if ((storePath != null || masks != null) && root is null)
            throw new UsageException("--store and --masks find the image by its path relative to --root DIR (the data set folder).");

        var decoded = ImageDecoder.Decode(image, canvas);
        var (frame, regions, source) = LoadRegions(image, decoded, storePath, masks, root);
        // Areas are in the regions' own frame; without --min-area use the paper's 1000 px at 1024 px, scaled to this frame.
        double scaleToFrame = (double)Math.Max(frame.Width, frame.Height) / 1024;
        selection = selection with { MinArea = minArea ?? Math.Round(1000 * scaleToFrame * scaleToFrame) };
        var frameBoxes = RegionSelection.CandidateBoxes(regions, frame.Width, frame.Height, selection);
        float sx = (float)decoded.Size.Width / frame.Width, sy = (float)decoded.Size.Height / frame.Height;
        var boxes = frameBoxes.Select(b => new CropBox(b.X0 * sx, b.Y0 * sy, b.X1 * sx, b.Y1 * sy)).ToArray();

        var rng = new Random(seed);
        var whole = CropBox.Whole(decoded.Size.Width, decoded.Size.Height);
        var chosen = boxes.Length == 0 ? whole : boxes[rng.Next(boxes.Length)];
        var views = new ViewAugmentationOptions { OutputSize = viewSize, Normalize = false };
        using var scope = torch.NewDisposeScope();
        var pixels = new ImageSet(canvas, canvas, decoded.Pixels, new[] { decoded.Size }).ToTensor(new[] { 0, 0 });
        var simclr = ViewAugmenter.Apply(pixels, new[] { whole, whole }, views, rng, out var simclrCrops);
        var samclr = ViewAugmenter.Apply(pixels, new[] { chosen, chosen }, views, rng, out var samclrCrops);

        FigureWriter.Write(output, decoded, regions, frame, boxes, chosen, simclrCrops, samclrCrops, simclr, samclr);
        Console.WriteLine($"{image}: {regions.Count} regions ({source}), {boxes.Length} candidate boxes after the hierarchy and a {selection.MinArea} px minimum area" +
                          $"{(boxes.Length == 0 ? " (none: SAMCLR falls back to the whole image)" : "")}. Wrote {output}.");
        Console.WriteLine("Top row: regions (colours), candidate boxes (white) and the chosen enlarged box (yellow); SimCLR's two crops (cyan); SAMCLR's two crops (magenta).");
        Console.WriteLine("Bottom row: SimCLR's two views, then SAMCLR's two views.");
        return 0;
    }

    private static (ImageSize Frame, IReadOnlyList<Region> Regions, string Source) LoadRegions(
        string image, DecodedImage decoded, string? storePath, string? masks, string? root)
    {
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
            var size = regions.Count > 0 ? new ImageSize(regions[0].Mask.Width, regions[0].Mask.Height) : decoded.Size;
            return (size, regions, $"amg.py masks in {masks}");
        }
        var proposer = new Regions.Segmentation.FelzenszwalbSegmenter();
        var valid = new byte[3 * decoded.Size.Width * decoded.Size.Height];
        int canvas = (int)Math.Sqrt(decoded.Pixels.Length / 3);
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < decoded.Size.Height; y++)
                Array.Copy(decoded.Pixels, (c * canvas + y) * canvas, valid, (c * decoded.Size.Height + y) * decoded.Size.Width, decoded.Size.Width);
        return (decoded.Size, proposer.Propose(valid, decoded.Size.Width, decoded.Size.Height), "weight-free default segmenter");
    }
}
