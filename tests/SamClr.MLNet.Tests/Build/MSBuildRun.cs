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
    public static (int ExitCode, string Output) Run(string project, params string[] arguments) =>
        DotnetCli.Run(RepositoryRoot(), TimeSpan.FromMinutes(1), ["msbuild", project, "-nologo", .. arguments]);

    /// <summary>The Identity (and Version, where set) of each item of <paramref name="itemType"/> in <c>-getItem</c> JSON output.</summary>
    public static IReadOnlyList<(string Identity, string? Version)> Items(string json, string itemType)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("Items").GetProperty(itemType).EnumerateArray()
            .Select(item => (item.GetProperty("Identity").GetString()!, item.TryGetProperty("Version", out var v) ? v.GetString() : null))
            .ToList();
    }
}
