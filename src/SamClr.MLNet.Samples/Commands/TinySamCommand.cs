using SamClr.MLNet.TinySam;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Writes tiny stand-ins for SAM's ONNX encoder and decoder (exact signatures, a few kilobytes) to try the SAM path without weights.</summary>
internal static class TinySamCommand
{
    public const string Usage = "tiny-sam --out DIR";

    public static int Run(CommandLineArguments args)
    {
        string output = args.String("out") ?? throw new UsageException("--out DIR is required.");
        args.EnsureAllUsed();
        var paths = TinySamModels.WriteAll(output);
        foreach (var path in paths.All) Console.WriteLine(path);
        Console.WriteLine("Their masks are discs around each prompt point, not real segments: use them to test the pipeline, not to train.");
        return 0;
    }
}
