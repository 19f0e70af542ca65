using SamClr.MLNet.Regions.Import;
using SamClr.MLNet.Regions.Store;
using SamClr.MLNet.Views;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The paper's Figure 1 for one image: its regions, the chosen region's enlarged box, and the two views SimCLR and
/// SAMCLR would sample, written as one PNG.
/// </summary>
internal sealed class VisualizeCommand
{
    private readonly Option<string?> _image = CliOption.ExistingFile("--image", "The image to show.", required: true);
    private readonly Option<string?> _output = CliOption.OutputFile("--out", "The PNG to write.", required: true);
    private readonly Option<string?> _store = CliOption.ExistingDirectory("--store", "Regions from a mask store written by samclr segment (with --root).");
    private readonly Option<string?> _masks = CliOption.ExistingDirectory("--masks", "Regions from amg.py outputs (with --root); without --store or --masks, the weight-free segmenter's.");
    private readonly Option<string?> _root = CliOption.ExistingDirectory("--root", "The data set folder --store and --masks name the image relative to.");
    private readonly Option<int> _viewSize = CliOption.Int("--view-size", 128, "Side of the views drawn, in pixels.", min: 8);
    private readonly RegionOptionGroup _regions = new();
    private readonly SeedOptionGroup _seed = new(several: false);

    public VisualizeCommand()
    {
        Command = new Command("visualize", "The paper's Figure 1 for one image: its regions, the chosen enlarged box, and the views SimCLR and SAMCLR would sample, as one PNG.");
        foreach (var option in new Option[] { _image, _output, _store, _masks, _root, _viewSize })
            Command.Add(option);
        _regions.AddTo(Command);
        _seed.AddTo(Command);
        Command.Exclusive(_store, _masks, "give the regions of one source, --store STORE or --masks DIR.");
        Command.Check(result => (result.Given(_store) || result.Given(_masks)) && !result.Given(_root)
            ? "--store and --masks find the image by its path relative to --root DIR (the data set folder)." : null);
        Command.Check(result => result.Given(_root) && !result.Given(_store) && !result.Given(_masks)
            ? "--root locates the image in the regions of --store or --masks; give one of them, or drop --root for the weight-free segmenter." : null);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options, checks and action.</summary>
    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        string image = parse.GetValue(_image)!, output = parse.GetValue(_output)!;
        string? storePath = parse.GetValue(_store), masks = parse.GetValue(_masks), root = parse.GetValue(_root);
        int viewSize = parse.GetValue(_viewSize), seed = _seed.Seed(parse);
        var selection = _regions.Selection(parse);

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
