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
}
