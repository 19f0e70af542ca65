using SamClr.MLNet.Compute;
using SamClr.MLNet.Regions;
using SamClr.MLNet.Regions.Sam;
using SamClr.MLNet.Regions.Segmentation;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Which segmenter a command uses: SAM when its ONNX files are given, the weight-free default otherwise.</summary>
internal static class ProposerArguments
{
    /// <summary>
    /// The proposer, the model files its manifest must hash, and the canvas it segments on by default: 1024 px for SAM
    /// (its own input frame), 256 px for the weight-free segmenter (its cost grows with the pixel count).
    /// </summary>
    public static (IRegionProposer Proposer, IReadOnlyList<string> ModelFiles, int DefaultCanvas) Create(CommandLineArguments args)
    {
        string? encoder = args.String("sam-encoder"), decoder = args.String("sam-decoder");
        int pointsPerSide = args.Int("points-per-side", 32);
        var device = SampleOptions.Device(args);
        if (encoder is null && decoder is null)
            return (new FelzenszwalbSegmenter(), Array.Empty<string>(), 256);
        if (encoder is null || decoder is null)
            throw new UsageException("SAM needs both --sam-encoder FILE and --sam-decoder FILE (ONNX exports).");
        int memoryMb = args.Int("sam-gpu-memory-mb", 0);
        if (memoryMb < 0) throw new UsageException("--sam-gpu-memory-mb must be 0 (no cap) or a positive number of MiB.");
        long? memoryCap = memoryMb > 0 ? memoryMb * 1024L * 1024L : null;
        var sessions = device switch
        {
            Compute.ComputeDevice.Cpu => new SamSessionFactory(),
            Compute.ComputeDevice.Cuda => new SamSessionFactory(gpuDeviceId: 0, fallbackToCpu: false, memoryCap),
            _ => new SamSessionFactory(gpuDeviceId: 0, fallbackToCpu: true, memoryCap),
        };
        var generator = SamAutomaticMaskGenerator.Open(encoder, decoder, new SamAutomaticMaskGeneratorOptions { PointsPerSide = pointsPerSide }, sessions);
        Console.WriteLine($"SAM on {generator.Encoder.ExecutionProvider}{(generator.Encoder.FallbackReason is { } why ? $" ({why})" : "")}.");
        return (generator, new[] { encoder, decoder }, 1024);
    }
}
