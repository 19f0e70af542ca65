using SamClr.MLNet.Regions;

namespace SamClr.MLNet.Tests.Regions.Store;

/// <summary>
/// A test proposer with two regions per image: the pixels whose red value is at least <see cref="Threshold"/>, and those
/// whose green value is. Counts its calls so tests can see which images were segmented.
/// </summary>
internal sealed class ThresholdProposer : IRegionProposer
{
    public ThresholdProposer(int threshold = 128) => Threshold = threshold;

    public int Threshold { get; }

    public int Calls { get; private set; }

    /// <summary>The size of the last image it segmented.</summary>
    public SamClr.MLNet.Data.ImageSize LastSize { get; private set; }

    public string Name => "test-threshold";

    public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string> { ["threshold"] = Threshold.ToString() };

    public IReadOnlyList<Region> Propose(ReadOnlySpan<byte> planarRgb, int width, int height, CancellationToken cancellation = default)
    {
        Calls++;
        LastSize = new SamClr.MLNet.Data.ImageSize(width, height);
        var regions = new Region[2];
        for (int channel = 0; channel < 2; channel++)
        {
            var mask = new BinaryMask(width, height);
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                    mask[x, y] = planarRgb[(channel * height + y) * width + x] >= Threshold;
            regions[channel] = new Region(CocoRle.Encode(mask), 0.5f + channel, float.NaN, (channel, 1f));
        }
        return regions;
    }
}
