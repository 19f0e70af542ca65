using SamClr.MLNet.Compute;
using SamClr.MLNet.Regions.Sam;
using SamClr.MLNet.Regions.Segmentation;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Which segmenter a command uses: SAM when its ONNX files are given, the weight-free default otherwise.</summary>
internal sealed class ProposerOptionGroup
{
    private readonly DeviceOptionGroup _device;
    private readonly Option<string?> _encoder = CliOption.ExistingFile("--sam-encoder", "SAM's image encoder exported to ONNX (with --sam-decoder); without both, the weight-free default segmenter.");
    private readonly Option<string?> _decoder = CliOption.ExistingFile("--sam-decoder", "SAM's mask decoder exported to ONNX (with --sam-encoder).");
    private readonly Option<int> _pointsPerSide = CliOption.Int("--points-per-side", 32, "SAM's automatic mask generator prompts a grid of this many points per side.", min: 1);
    private readonly Option<int> _memoryMb = CliOption.Int("--sam-gpu-memory-mb", 0, "Cap of ONNX Runtime's CUDA memory arena for SAM in MiB (0: no cap).", min: 0);

    /// <param name="device">The command's device options (SAM runs on CUDA when it may).</param>
    public ProposerOptionGroup(DeviceOptionGroup device) => _device = device;

    /// <summary>The encoder option (to refuse it beside other region sources).</summary>
    public Option Encoder => _encoder;

    public void AddTo(Command command)
    {
        command.Add(_encoder);
        command.Add(_decoder);
        command.Add(_pointsPerSide);
        command.Add(_memoryMb);
        command.Check(result => result.Given(_encoder) != result.Given(_decoder)
            ? "SAM needs both --sam-encoder FILE and --sam-decoder FILE (ONNX exports)." : null);
        foreach (var samOnly in new Option[] { _pointsPerSide, _memoryMb })
            command.Requires(samOnly, _encoder, "it is a setting of SAM; give --sam-encoder FILE and --sam-decoder FILE.");
    }

    /// <summary>
    /// The proposer, the model files its manifest must hash, and the canvas it segments on by default: 1024 px for SAM
    /// (its own input frame), 256 px for the weight-free segmenter (its cost grows with the pixel count).
    /// </summary>
    public (IRegionProposer Proposer, IReadOnlyList<string> ModelFiles, int DefaultCanvas) Create(ParseResult parse)
    {
        string? encoder = parse.GetValue(_encoder), decoder = parse.GetValue(_decoder);
        if (encoder is null || decoder is null)
            return (new FelzenszwalbSegmenter(), Array.Empty<string>(), 256);
        int memoryMb = parse.GetValue(_memoryMb);
        long? memoryCap = memoryMb > 0 ? memoryMb * 1024L * 1024L : null;
        var sessions = _device.Device(parse) switch
        {
            ComputeDevice.Cpu => new SamSessionFactory(),
            ComputeDevice.Cuda => new SamSessionFactory(gpuDeviceId: 0, fallbackToCpu: false, memoryCap),
            _ => new SamSessionFactory(gpuDeviceId: 0, fallbackToCpu: true, memoryCap),
        };
        var generator = SamAutomaticMaskGenerator.Open(encoder, decoder,
            new SamAutomaticMaskGeneratorOptions { PointsPerSide = parse.GetValue(_pointsPerSide) }, sessions);
        Console.WriteLine($"SAM on {generator.Encoder.ExecutionProvider}{(generator.Encoder.FallbackReason is { } why ? $" ({why})" : "")}.");
        return (generator, new[] { encoder, decoder }, 1024);
    }
}
