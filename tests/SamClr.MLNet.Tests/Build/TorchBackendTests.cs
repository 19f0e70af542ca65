using Xunit;

namespace SamClr.MLNet.Tests.Build;

/// <summary>
/// The libtorch backend switch of build/NativeRuntime.props and the check of build/TorchBackend.targets, through the
/// same <c>dotnet msbuild</c> commands docs/GPU.md gives (evaluation and ResolvePackageAssets only: a few seconds).
/// </summary>
[Collection(SequentialCollection.Name)]
public class TorchBackendTests
{
    private const string Samples = "src/SamClr.MLNet.Samples/SamClr.MLNet.Samples.csproj";
    private const string CpuLibTorch = "libtorch-cpu-linux-x64", CudaLibTorch = "libtorch-cuda-12.8-linux-x64";

    private static (IReadOnlyList<string> References, IReadOnlyList<(string Identity, string? Version)> Versions) Evaluate(params string[] properties)
    {
        var (exitCode, output) = MSBuildRun.Run(Samples, [.. properties, "-getItem:PackageReference", "-getItem:PackageVersion"]);
        Assert.True(exitCode == 0, output);
        return (MSBuildRun.Items(output, "PackageReference").Select(i => i.Identity).ToList(), MSBuildRun.Items(output, "PackageVersion"));
    }

    [Fact]
    public void DefaultBackendReferencesTheCpuLibTorchOnly()
    {
        var (references, _) = Evaluate();
        Assert.Contains(CpuLibTorch, references);
        Assert.DoesNotContain(CudaLibTorch, references);
    }

    [Fact]
    public void CudaBackendReferencesTheCudaLibTorchOnlyAtTheVersionTorchSharpNames()
    {
        var (references, versions) = Evaluate("-p:TorchBackend=cuda");
        Assert.Contains(CudaLibTorch, references);
        Assert.DoesNotContain(CpuLibTorch, references);
        // TorchSharp 0.107.0's nuspec: "Requires reference to one of libtorch-cpu, ..., libtorch-cuda-12.8-linux-x64 version 2.10.0.0".
        Assert.Equal("2.10.0.0", versions.Single(v => v.Identity == CudaLibTorch).Version);
        Assert.Equal("2.10.0.0", versions.Single(v => v.Identity == CpuLibTorch).Version);
    }

    [Fact]
    public void AnUnknownBackendFailsWithTheChoices()
    {
        var (exitCode, output) = MSBuildRun.Run(Samples, "-t:ResolvePackageAssets", "-p:TorchBackend=rocm");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("TorchBackend is 'rocm'; it must be cpu (the default) or cuda", output);
    }

    [Fact]
    public void CudaBuildFailsBeforeCompilingExactlyWhenNoCudaLibTorchWasRestored()
    {
        // The check reads what the last restore of the samples app resolved (obj/project.assets.json, written when the
        // solution was built). A CPU build has no CUDA libtorch in it; a GPU machine that built with -p:TorchBackend=cuda has.
        string assets = Path.Combine(MSBuildRun.RepositoryRoot(), "src", "SamClr.MLNet.Samples", "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"'{assets}' is missing: build the solution first.");
        // Restored packages are listed as "id/version" (the central versions list names the CUDA package in any build).
        bool cudaRestored = File.ReadAllText(assets).Contains($"\"{CudaLibTorch}/", StringComparison.OrdinalIgnoreCase);

        var (exitCode, output) = MSBuildRun.Run(Samples, "-t:ResolvePackageAssets", "-p:TorchBackend=cuda");

        if (cudaRestored)
        {
            Assert.True(exitCode == 0, output);
            return;
        }
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"TorchBackend=cuda, but no {CudaLibTorch} 2.10.0.0 was restored", output);
        // The message says where the package comes from and what the machine needs.
        Assert.Contains("nuget.org", output);
        Assert.Contains("570.26", output);
        Assert.Contains("docs/GPU.md", output);
    }
}
