using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace SamClr.MLNet.Samples.Commands;

/// <summary>
/// The SimCLR step of bench/pytorch/simclr_step.py (copied beside the app as pytorch/simclr_step.py), run by a Python
/// that has PyTorch and torchvision: the baseline of the bench's "training step vs PyTorch" rows. The script times its
/// own steps after a warm-up, so the Python start-up is not counted.
/// </summary>
internal sealed class PyTorchStepBaseline
{
    private static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(1), MeasureTimeout = TimeSpan.FromMinutes(10);
    private readonly string _python;
    private readonly string _script;

    private PyTorchStepBaseline(string python, string script)
    {
        _python = python;
        _script = script;
    }

    /// <summary>
    /// The first of $SAMCLR_PYTHON, python3 and /usr/bin/python3 that imports torch and torchvision, with the script;
    /// null, with the reason in <paramref name="reason"/>, when there is none.
    /// </summary>
    internal static PyTorchStepBaseline? Find(out string reason)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "pytorch", "simclr_step.py");
        if (!File.Exists(script))
        {
            reason = $"the script '{script}' is missing; build src/SamClr.MLNet.Samples again, which copies it there.";
            return null;
        }
        var candidates = new[] { Environment.GetEnvironmentVariable("SAMCLR_PYTHON"), "python3", "/usr/bin/python3" }
            .Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!).Distinct();
        foreach (string python in candidates)
            if (Run(python, new[] { "-c", "import torch, torchvision" }, ImportTimeout) is { ExitCode: 0 })
            {
                reason = "";
                return new PyTorchStepBaseline(python, script);
            }
        reason = "no python3 here imports torch and torchvision. Point SAMCLR_PYTHON at one that does, or on Debian 12 " +
                 "install PyTorch 1.13.1: apt-get install python3-torch python3-torchvision.";
        return null;
    }

    /// <summary>The best seconds per step of the script's timed steps for these settings, and the PyTorch version it ran.</summary>
    internal (double Seconds, string Version) Measure(string backbone, int batch, int source, int view, int threads, int steps)
    {
        var arguments = new[]
        {
            _script, "--backbone", backbone, "--batch", $"{batch}", "--source", $"{source}", "--view", $"{view}",
            "--threads", $"{threads}", "--warmup", "2", "--steps", $"{steps}",
        };
        var result = Run(_python, arguments, MeasureTimeout)
                     ?? throw new InvalidOperationException($"'{_python}' could not be started again to run '{_script}'.");
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"'{_python} {_script}' failed (exit {result.ExitCode}): {result.Error.Trim()}");
        using var json = JsonDocument.Parse(result.Output.Trim().Split('\n')[^1]);
        return (json.RootElement.GetProperty("best_seconds_per_step").GetDouble(), json.RootElement.GetProperty("torch").GetString() ?? "?");
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error);

    /// <summary>Runs <paramref name="program"/>; null when it cannot be started (not installed).</summary>
    private static ProcessResult? Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'{program} {string.Join(' ', arguments)}' did not finish within {timeout.TotalMinutes:F0} minutes.");
            }
            return new ProcessResult(process.ExitCode, output.Result, error.Result);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
