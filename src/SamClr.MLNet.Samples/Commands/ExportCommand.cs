using SamClr.MLNet.Featurization;
using SamClr.MLNet.Models.Interop;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Writes the backbone of an encoder saved by <c>pretrain --out</c> as a PyTorch state_dict or a safetensors file, with
/// torchvision's key names, for use from Python.
/// </summary>
internal static class ExportCommand
{
    public const string Usage = "export --encoder DIR --format safetensors|pytorch --out FILE [--with-fc]";

    public static int Run(CommandLineArguments args)
    {
        string encoderFolder = args.String("encoder") ?? throw new UsageException("--encoder DIR is required (a folder written by pretrain --out).");
        string formatName = args.String("format") ?? throw new UsageException("--format safetensors|pytorch is required.");
        string output = args.String("out") ?? throw new UsageException("--out FILE is required.");
        bool withClassifier = args.Flag("with-fc");
        args.EnsureAllUsed();
        var format = formatName.ToLowerInvariant() switch
        {
            "safetensors" => WeightFileFormat.Safetensors,
            "pytorch" => WeightFileFormat.PyTorch,
            _ => throw new UsageException($"--format must be safetensors or pytorch, got '{formatName}'."),
        };

        using var encoder = EncoderFiles.Load(encoderFolder, torch.CPU);
        var backbone = encoder.Backbone;
        BackboneWeights.Save(backbone, output, format, withClassifier);
        int tensors = backbone.state_dict().Count + (withClassifier ? 2 : 0);
        Console.WriteLine($"Wrote {backbone.ArchitectureName} ({tensors} tensors{(withClassifier ? ", including a zero 1000-class fc" : "")}) to {output}.");
        if (backbone.ArchitectureName is "resnet18" or "resnet34" or "resnet50")
        {
            string read = format == WeightFileFormat.PyTorch ? $"torch.load('{output}')" : $"safetensors.torch.load_file('{output}')";
            Console.WriteLine(withClassifier
                ? $"Python: torchvision.models.{backbone.ArchitectureName}().load_state_dict({read}, strict=True)"
                : $"Python: torchvision.models.{backbone.ArchitectureName}().load_state_dict({read}, strict=False)  # only fc.weight and fc.bias are missing; --with-fc allows strict=True");
        }
        return 0;
    }
}
