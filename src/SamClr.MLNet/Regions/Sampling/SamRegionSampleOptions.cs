namespace SamClr.MLNet.Regions.Sampling;

/// <summary>
/// Options of <c>mlContext.Transforms.SamRegionSample</c>: where each image's regions come from and how SAMCLR's
/// candidate boxes are chosen among them.
/// </summary>
public sealed class SamRegionSampleOptions
{
    /// <summary>Name of the output column of region boxes (default "Regions"); see <see cref="RegionBoxesColumn"/> for its layout.</summary>
    public string OutputColumnName { get; set; } = "Regions";

    /// <summary>Name of the input image column, of ML.NET's image type (default "Image").</summary>
    public string InputColumnName { get; set; } = "Image";

    /// <summary>
    /// Text column holding each image's file path, or "file#index" for a record of a CIFAR/STL binary file (default null;
    /// <c>ImageSet.ToDataView</c> provides it as "Source"). It keys the mask store and finds imported masks; when null,
    /// rows are keyed by their index ("row/0", "row/1", ...), which is only stable while the data keeps its order.
    /// </summary>
    public string? ImagePathColumnName { get; set; }

    /// <summary>
    /// Folder the image paths are relative to (default null: paths are used as given). Keys and mask file locations are
    /// the paths relative to this folder, so a store made on one machine works on another.
    /// </summary>
    public string? ImageRoot { get; set; }

    /// <summary>
    /// Folder of masks made with SAM in Python (amg.py's JSON output, one file per image at the image's relative path
    /// with ".json", or amg.py's default folder of mask PNGs with metadata.csv); default null. When set, regions come from
    /// these files instead of a proposer, and <see cref="ImagePathColumnName"/> and <see cref="ImageRoot"/> are required.
    /// </summary>
    public string? MasksDirectory { get; set; }

    /// <summary>
    /// Mask store folder (default null: regions are kept in memory only). Regions found there are used as they are;
    /// regions computed here are added to it, so an image is segmented once across runs. An existing store used with
    /// neither <see cref="Proposer"/> nor <see cref="MasksDirectory"/> set is read as it is, whatever made it (the segment
    /// command with SAM, the default segmenter or imported masks); images it lacks then train on the whole image. Such a
    /// store must exist: a folder without one is an error that names the path, unless a proposer or masks are given.
    /// </summary>
    public string? StoreDirectory { get; set; }

    /// <summary>
    /// Longest side, in pixels, of the image a proposer segments; larger images are shrunk for segmentation only, and
    /// the regions are scaled back to the image (views are still cut from full-resolution pixels). Default null: 512 for
    /// the weight-free segmenter (about 9 s per 2048x1024 frame at full size, well under a second at 512) and the full
    /// image for any other proposer (SAM resizes to its own 1024 frame).
    /// </summary>
    public int? ProposerMaxSide { get; set; }

    /// <summary>
    /// The segmenter for images that have no stored or imported regions (default null: the weight-free
    /// <see cref="Segmentation.FelzenszwalbSegmenter"/>, so everything runs with no model files; pass a
    /// <see cref="Sam.SamAutomaticMaskGenerator"/> for SAM).
    /// </summary>
    public IRegionProposer? Proposer { get; set; }

    /// <summary>
    /// Hierarchy, minimum area and box enlargement (default: the paper's 0.9 containment, 1000 px, x1.3). Areas are in the
    /// pixels of the frame the masks were made in: the image itself, or the canvas the segment command used.
    /// </summary>
    public RegionSelectionOptions Selection { get; set; } = new();
}
