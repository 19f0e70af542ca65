using SamClr.MLNet.TinySam;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Writes tiny stand-ins for SAM's ONNX encoder and decoder (exact signatures, a few kilobytes) to try the SAM path without weights.</summary>
internal sealed class TinySamCommand
{
    private readonly Option<string?> _output = CliOption.OutputDirectory("--out", "The folder to write the ONNX files to.", required: true);

    public TinySamCommand()
    {
        Command = new Command("tiny-sam", "Writes tiny stand-ins for SAM's ONNX encoder and decoders (exact signatures, a few kilobytes) to try the SAM path without weights.");
        Command.Add(_output);
        Command.SetAction(Run);
    }

    /// <summary>The command, with its option and action.</summary>
    public Command Command { get; }

    private int Run(ParseResult parse)
    {
        string output = parse.GetValue(_output)!;
        var paths = TinySamModels.WriteAll(output);
        foreach (var path in paths.All) Console.WriteLine(path);
        Console.WriteLine("Their masks are discs around each prompt point, not real segments: use them to test the pipeline, not to train.");
        return 0;
    }
}
