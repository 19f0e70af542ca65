using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using SamClr.MLNet.Tests.Samples;
using SamClr.MLNet.TinySam;
using Xunit;
using Xunit.Abstractions;

namespace SamClr.MLNet.Tests.Build;

/// <summary>
/// The path a package user takes: <c>dotnet pack</c> the library into a local folder feed, create a new console app
/// that references the package by version (no project reference) and the native back ends PACKAGE.md names, paste the
/// README's C# example into it, and run it on a few built-in street frames with the tiny SAM models.
/// </summary>
[Collection(SequentialCollection.Name)]
public class PackageConsumerTests : IDisposable
{
    /// <summary>
    /// The README's settings are sized for Cityscapes and ImageNette on a GPU; the test runs them on 12 small frames and
    /// 60 labelled objects. Each pair is (text in the README, what the test runs instead); every one must be present, so
    /// a README edit that drops one fails here rather than silently running the full-size example.
    /// </summary>
    private static readonly (string Readme, string Test)[] ScaledDown =
    [
        ("backbone: \"resnet18\", viewSize: 128, epochs: 100, batchSize: 256", "backbone: \"small-cnn\", viewSize: 32, epochs: 2, batchSize: 16"),
        ("DataSplit.Train, 128)", "DataSplit.Train, 32)"),
        ("DataSplit.Test, 128)", "DataSplit.Test, 32)"),
    ];

    private readonly ITestOutputHelper _log;

    public PackageConsumerTests(ITestOutputHelper log) => _log = log;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"samclr-package-{Guid.NewGuid():N}");
    private readonly string _version = $"0.1.0-consumer.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
        // The restore put this one-off version into the global packages folder; leave no trace of it there.
        string cached = Path.Combine(GlobalPackagesFolder(), "samclr.mlnet", _version);
        if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
    }

    [Fact]
    public void TheReadmeExampleRunsInANewAppThatReferencesThePackage()
    {
        string root = MSBuildRun.RepositoryRoot(), feed = Path.Combine(_folder, "feed"), app = Path.Combine(_folder, "app");
        string data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(app);

        // 1. The package, from the library as the solution build left it.
        string configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        DotnetCli.Succeed(root, TimeSpan.FromMinutes(3), "pack", Path.Combine(root, "src", "SamClr.MLNet", "SamClr.MLNet.csproj"),
            "-c", configuration, "--no-build", "-o", feed, $"-p:PackageVersion={_version}");
        string package = Path.Combine(feed, $"SamClr.MLNet.{_version}.nupkg");
        Assert.True(File.Exists(package), $"dotnet pack wrote no {package}.");
        Assert.True(File.Exists(Path.Combine(feed, $"SamClr.MLNet.{_version}.snupkg")), "dotnet pack wrote no symbols package.");
        using (var zip = ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
            foreach (var expected in new[] { "lib/net10.0/SamClr.MLNet.dll", "lib/net10.0/SamClr.MLNet.xml", "PACKAGE.md", "LICENSE",
                         "buildTransitive/SamClr.MLNet.targets", "buildTransitive/PatchLibTorchSharp.targets", "buildTransitive/MarkElfVersionNeedWeak.cs" })
                Assert.True(entries.Contains(expected), $"The package lacks {expected}; it has: {string.Join(", ", entries)}");
        }

        // 2. Data: built-in street frames (unlabelled) and labelled single objects (train/ and val/), and the tiny SAM models.
        SamplesApp.Run("scenes", "--kind", "street", "--count", "12", "--width", "256", "--height", "128", "--objects", "60", "--out", data);
        var sam = TinySamModels.WriteAll(Path.Combine(_folder, "sam"));

        // 3. A new console app: what `dotnet new console` makes, the package by version and the native back ends.
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        string example = ReadmeExampleTests.CSharpExample(Path.Combine(root, "README.md"))
            .Replace("\"leftImg8bit/train\"", Quote(Path.Combine(data, "images")))
            .Replace("\"imagenette2-160\"", Quote(Path.Combine(data, "objects")))
            .Replace("\"sam_vit_h_encoder.onnx\"", Quote(sam.Encoder))
            .Replace("\"sam_vit_h_decoder.onnx\"", Quote(sam.Decoder));
        foreach (var (readme, test) in ScaledDown)
        {
            Assert.True(example.Contains(readme), $"The README example no longer contains '{readme}'; update {nameof(ScaledDown)}.");
            example = example.Replace(readme, test);
        }
        NewConsoleApp.Write(app, "Consumer", example,
            $"""<PackageReference Include="SamClr.MLNet" Version="{_version}" />""",
            """<PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0.0" />""",
            """<PackageReference Include="Microsoft.ML.OnnxRuntime.Gpu.Linux" Version="1.31.0" />""");

        // 4. Build and run it as its user would. The package's build step marks libLibTorchSharp.so's GLIBCXX_3.4.32 need weak.
        string build = DotnetCli.Succeed(app, TimeSpan.FromMinutes(4), "build", "-c", "Release", "-v", "n");
        Assert.Contains("Marked GLIBCXX_3.4.32 weak", build);
        string output = DotnetCli.Succeed(app, TimeSpan.FromMinutes(8), "run", "-c", "Release", "--no-build");
        _log.WriteLine(output);

        var scores = Regex.Match(output, @"kNN top-1 ([0-9.]+) %, linear probe top-1 ([0-9.]+) %");
        Assert.True(scores.Success, $"The example printed no scores:\n{output}");
        Assert.InRange(double.Parse(scores.Groups[1].Value, CultureInfo.InvariantCulture), 0, 100);
        Assert.InRange(double.Parse(scores.Groups[2].Value, CultureInfo.InvariantCulture), 0, 100);
        foreach (var written in new[] { "cityscapes.images", "cityscapes.store" })
            Assert.True(Directory.Exists(Path.Combine(app, written)), $"The example wrote no {written}.");
        foreach (var written in new[] { "encoder.onnx", "probe.onnx", "classifier.zip" })
            Assert.True(File.Exists(Path.Combine(app, written)), $"The example wrote no {written}.");
    }

    private static string Quote(string path) => "@\"" + path.Replace("\"", "\"\"") + "\"";

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
}
