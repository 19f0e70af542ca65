using Microsoft.ML;
using Microsoft.ML.Runtime;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Training;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>Options shared by several commands.</summary>
internal static class SampleOptions
{
    /// <summary>The usage text of the options <see cref="TorchDevice"/> and <see cref="AllowTf32"/> read.</summary>
    public const string DeviceUsage = "[--device auto|cpu|cuda] [--no-tf32]";

    public static ComputeDevice Device(CommandLineArguments args) => args.String("device", "auto").ToLowerInvariant() switch
    {
        "auto" => ComputeDevice.Auto,
        "cpu" => ComputeDevice.Cpu,
        "cuda" => ComputeDevice.Cuda,
        var other => throw new UsageException($"--device must be auto, cpu or cuda (got '{other}')."),
    };

    /// <summary>
    /// Reads --device for TorchSharp work (training, featurization) and prints the device it resolves to, with the reason
    /// when it is not CUDA; --device cuda without a usable GPU fails here, before any data is read.
    /// </summary>
    public static DeviceSelection TorchDevice(CommandLineArguments args)
    {
        var selection = ComputeDevices.Select(Device(args));
        Console.WriteLine($"TorchSharp device: {selection}.");
        return selection;
    }

    /// <summary>--no-tf32: full fp32 matrix multiplications and convolutions on CUDA (<see cref="PretrainingOptions.AllowTf32"/>).</summary>
    public static bool AllowTf32(CommandLineArguments args) => !args.Flag("no-tf32");

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
