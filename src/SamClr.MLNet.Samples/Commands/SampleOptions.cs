using Microsoft.ML;
using Microsoft.ML.Runtime;
using SamClr.MLNet.Training;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class SampleOptions
{
    public static ComputeDevice Device(CommandLineArguments args) => args.String("device", "auto").ToLowerInvariant() switch
    {
        "auto" => ComputeDevice.Auto,
        "cpu" => ComputeDevice.Cpu,
        "cuda" => ComputeDevice.Cuda,
        var other => throw new UsageException($"--device must be auto, cpu or cuda (got '{other}')."),
    };

    /// <summary>
    /// Prints the library's warnings on <c>MLContext.Log</c> (a damaged checkpoint passed over, images that fell back to
    /// whole-image views) to standard error, so that nothing it reports goes unseen on the command line.
    /// </summary>
    public static MLContext PrintWarnings(this MLContext ml)
    {
        ml.Log += (_, e) =>
        {
            if (e.Kind is ChannelMessageKind.Warning or ChannelMessageKind.Error) Console.Error.WriteLine($"warning: {e.RawMessage}");
        };
        return ml;
    }
}
