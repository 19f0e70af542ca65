using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace SamClr.MLNet.Tests.Build;

/// <summary>Runs <c>dotnet msbuild</c> on a project of this repository and returns its exit code and output.</summary>
internal static class MSBuildRun
{
    /// <summary>The repository root: the first folder above the test assembly that holds SamClr.MLNet.sln.</summary>
    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "SamClr.MLNet.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No SamClr.MLNet.sln above '{AppContext.BaseDirectory}'.");
    }

    /// <summary>Runs <c>dotnet msbuild PROJECT ARGUMENTS</c> (project relative to the repository root) within a minute.</summary>
    public static (int ExitCode, string Output) Run(string project, params string[] arguments)
    {
        // dotnet test sets DOTNET_HOST_PATH to the dotnet that runs it; use the same SDK.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot() };
        start.ArgumentList.Add("msbuild");
        start.ArgumentList.Add(project);
        start.ArgumentList.Add("-nologo");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(60_000), $"dotnet msbuild {project} {string.Join(' ', arguments)} did not finish within a minute.");
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The Identity (and Version, where set) of each item of <paramref name="itemType"/> in <c>-getItem</c> JSON output.</summary>
    public static IReadOnlyList<(string Identity, string? Version)> Items(string json, string itemType)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Items").GetProperty(itemType).EnumerateArray()
            .Select(item => (item.GetProperty("Identity").GetString()!, item.TryGetProperty("Version", out var v) ? v.GetString() : null))
            .ToList();
    }
}
