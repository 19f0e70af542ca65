using SamClr.MLNet.Compute;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>The options that choose where TorchSharp and ONNX Runtime work runs: <c>--device auto|cpu|cuda</c> and <c>--no-tf32</c>.</summary>
internal sealed class DeviceOptionGroup
{
    private readonly Option<string> _device = CliOption.Choice("--device", "auto",
        "Where the work runs: auto (CUDA when usable, else the CPU), cpu, or cuda (fails when CUDA cannot be used).", "auto", "cpu", "cuda");

    private readonly Option<bool> _noTf32 = CliOption.Flag("--no-tf32", "Full fp32 matrix multiplications and convolutions on CUDA (TF32 is allowed by default).");

    /// <summary>Adds the options to <paramref name="command"/>; <paramref name="withTf32"/> false leaves out --no-tf32 (commands that do not train).</summary>
    public void AddTo(Command command, bool withTf32 = true)
    {
        command.Add(_device);
        if (withTf32) command.Add(_noTf32);
    }

    public ComputeDevice Device(ParseResult parse) => parse.GetValue(_device) switch
    {
        "cpu" => ComputeDevice.Cpu,
        "cuda" => ComputeDevice.Cuda,
        _ => ComputeDevice.Auto,
    };

    /// <summary>
    /// The device for TorchSharp work (training, featurization), printed with the reason when it is not CUDA;
    /// --device cuda without a usable GPU fails here, before any data is read.
    /// </summary>
    public DeviceSelection TorchDevice(ParseResult parse)
    {
        var selection = ComputeDevices.Select(Device(parse));
        Console.WriteLine($"TorchSharp device: {selection}.");
        return selection;
    }

    /// <summary>False with --no-tf32 (<see cref="PretrainingOptions.AllowTf32"/>).</summary>
    public bool AllowTf32(ParseResult parse) => !parse.GetValue(_noTf32);
}
