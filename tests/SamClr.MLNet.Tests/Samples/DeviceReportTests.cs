using System.Diagnostics;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Samples;

/// <summary>
/// The samples app says on the console which device TorchSharp work runs on, and why not CUDA; --device cuda without
/// CUDA stops before any data is read. Runs `pretrain` on an empty folder (no data set in it), so nothing trains.
/// </summary>
[Collection(SequentialCollection.Name)]
public sealed class DeviceReportTests : IDisposable
{
    private readonly Data.TempDirectory _images = new();

    public void Dispose() => _images.Dispose();

    private (int ExitCode, string Output, string Error) Pretrain(string device)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { CurvesCommandTests.SamplesAppPath(), "pretrain", "--images", _images.Path, "--device", device })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), "samclr did not finish within a minute.");
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void AutoPrintsTheDeviceAndWhyItIsNotCuda()
    {
        var (exitCode, output, error) = Pretrain("auto");
        var availability = CudaProbe.Check();
        string expected = availability == CudaAvailability.Available
            ? "TorchSharp device: cuda:0."
            : $"TorchSharp device: cpu (CUDA not used: {CudaProbe.Explain(availability)}).";
        Assert.Contains(expected, output);
        // Then the folder without a data set stops it.
        Assert.Equal(1, exitCode);
        Assert.Contains($"'{_images.Path}' is not a recognisable data set", error);
    }

    [Fact]
    public void CudaWithoutCudaFailsWithTheReasonBeforeReadingData()
    {
        var availability = CudaProbe.Check();
        if (availability == CudaAvailability.Available) return; // a GPU machine: covered by the test above
        var (exitCode, _, error) = Pretrain("cuda");
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: Device Cuda was requested but CUDA cannot be used: {CudaProbe.Explain(availability)}", error);
        Assert.DoesNotContain(_images.Path, error);
    }
}
