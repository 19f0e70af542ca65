using System.Diagnostics;
using Xunit;

namespace SamClr.MLNet.Tests.Samples;

/// <summary>Runs the built samples app (<c>samclr</c>) as a user would, from the solution build's output.</summary>
internal static class SamplesApp
{
    /// <summary>Runs samclr with <paramref name="arguments"/>, asserts that it exits with 0 within 2 minutes, and returns its standard output.</summary>
    public static string Run(params string[] arguments)
    {
        var (code, output, error) = TryRun(arguments);
        Assert.True(code == 0, $"samclr {string.Join(' ', arguments)} failed ({code}): {error}");
        return output;
    }

    /// <summary>Runs samclr with <paramref name="arguments"/> and returns its exit code, standard output and standard error.</summary>
    public static (int Code, string Output, string Error) TryRun(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(AppPath());
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "samclr did not finish within 2 minutes.");
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string AppPath()
    {
        // tests/SamClr.MLNet.Tests/bin/<Configuration>/net10.0 -> src/SamClr.MLNet.Samples/bin/<Configuration>/net10.0
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = here.Parent!.Name, root = here.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        string path = Path.Combine(root, "src", "SamClr.MLNet.Samples", "bin", configuration, here.Name, "samclr.dll");
        Assert.True(File.Exists(path), $"The samples app is not built at '{path}': build the solution (dotnet build SamClr.MLNet.sln -c {configuration}) first.");
        return path;
    }
}
