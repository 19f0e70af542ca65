using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Segmentation;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Which segmenter a command uses: SAM when its ONNX files are given, the weight-free default otherwise.</summary>
internal static class ProposerArguments
{
    /// <summary>The proposer, the model files its manifest must hash, and the segmentation canvas it works best at.</summary>
    public static (IRegionProposer Proposer, IReadOnlyList<string> ModelFiles, int DefaultCanvas) Create(CommandLineArguments args)
    {
        string? encoder = args.String("sam-encoder"), decoder = args.String("sam-decoder");
        if (encoder is null && decoder is null)
            return (new FelzenszwalbSegmenter(), Array.Empty<string>(), 256);
        throw new UsageException("--sam-encoder and --sam-decoder are not available in this build yet.");
    }
}
