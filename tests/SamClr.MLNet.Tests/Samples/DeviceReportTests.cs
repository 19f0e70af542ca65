using System.Diagnostics;
using SamClr.MLNet.Compute;
using SamClr.MLNet.Training;
using Xunit;

namespace SamClr.MLNet.Tests.Samples;

/// <summary>
/// The samples app says on the console which device TorchSharp work runs on, and why not CUDA; --device cuda without
/// CUDA stops before any data is read. Runs `pretrain` on a folder that does not exist, so nothing trains.
/// </summary>
[Collection(SequentialCollection.Name)]
public class DeviceReportTests
{
    private static (int ExitCode, string Output, string Error) Pretrain(string device)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { CurvesCommandTests.SamplesAppPath(), "pretrain", "--images", "/nonexistent/samclr-images", "--device", device })
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
        // Then the missing folder stops it.
        Assert.Equal(1, exitCode);
        Assert.Contains("/nonexistent/samclr-images", error);
    }

    [Fact]
    public void CudaWithoutCudaFailsWithTheReasonBeforeReadingData()
    {
        var availability = CudaProbe.Check();
        if (availability == CudaAvailability.Available) return; // a GPU machine: covered by the test above
        var (exitCode, _, error) = Pretrain("cuda");
        Assert.Equal(1, exitCode);
        Assert.Contains($"error: Device Cuda was requested but CUDA cannot be used: {CudaProbe.Explain(availability)}", error);
        Assert.DoesNotContain("samclr-images", error);
    }
}
