using SamClr.MLNet.Models.Interop;
using TorchSharp;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// Writes the backbone of an encoder saved by <c>pretrain --out</c> as a PyTorch state_dict or a safetensors file, with
/// torchvision's key names, for use from Python.
/// </summary>
internal sealed class ExportCommand
{
    private readonly Option<string?> _encoder = CliOption.ExistingDirectory("--encoder", "A folder written by pretrain --out.", required: true);
    private readonly Option<string> _format = CliOption.Choice("--format", "safetensors", "The file format: safetensors or pytorch (a state_dict).", "safetensors", "pytorch");
    private readonly Option<string?> _output = CliOption.OutputFile("--out", "The file to write.", required: true);
    private readonly Option<bool> _withClassifier = CliOption.Flag("--with-fc", "Add a zero 1000-class fc layer, so that torchvision loads the file with strict=True.");

    public ExportCommand()
    {
        Command = new Command("export", "Writes the backbone of a pre-trained encoder as a PyTorch state_dict or a safetensors file, with torchvision's key names.");
        foreach (var option in new Option[] { _encoder, _format, _output, _withClassifier })
            Command.Add(option);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its options and action.</summary>
    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        string encoderFolder = parse.GetValue(_encoder)!, output = parse.GetValue(_output)!;
        bool withClassifier = parse.GetValue(_withClassifier);
        var format = parse.GetValue(_format) == "pytorch" ? WeightFileFormat.PyTorch : WeightFileFormat.Safetensors;

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
