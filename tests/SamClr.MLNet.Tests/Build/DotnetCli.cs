using System.Diagnostics;
using Xunit;

namespace SamClr.MLNet.Tests.Build;

/// <summary>Runs the dotnet command-line tool of the SDK that runs the tests, as a user would in a terminal.</summary>
internal static class DotnetCli
{
    /// <summary>
    /// Runs <c>dotnet ARGUMENTS</c> in <paramref name="folder"/> and returns its exit code and its standard output and
    /// error together; fails the test (after killing the process tree) when it runs longer than <paramref name="limit"/>.
    /// </summary>
    public static (int ExitCode, string Output) Run(string folder, TimeSpan limit, params string[] arguments)
    {
        // dotnet test sets DOTNET_HOST_PATH to the dotnet that runs it; use the same SDK.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {limit.TotalMinutes:0.#} minutes in {folder}:\n{output.Result}{error.Result}");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary><see cref="Run"/>, asserting that the command succeeded; returns its output.</summary>
    public static string Succeed(string folder, TimeSpan limit, params string[] arguments)
    {
        var (exitCode, output) = Run(folder, limit, arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({exitCode}) in {folder}:\n{output}");
        return output;
    }
}
