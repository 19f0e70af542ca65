using System.Text.RegularExpressions;
using Xunit;

namespace SamClr.MLNet.Tests.Build;

/// <summary>
/// The C# examples of the README and of the package's README (PACKAGE.md) compile as pasted into a new console app
/// (their using directives included). PackageConsumerTests also runs the README's against the packed package.
/// </summary>
[Collection(SequentialCollection.Name)]
public class ReadmeExampleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"samclr-readme-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The first C# block of a markdown file.</summary>
    internal static string CSharpExample(string markdownPath)
    {
        var example = Regex.Match(File.ReadAllText(markdownPath), "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(example.Success, $"{markdownPath} has no C# example.");
        return example.Groups[1].Value;
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("src/SamClr.MLNet/PACKAGE.md")]
    public void TheExampleCompilesAsPasted(string markdown)
    {
        string root = MSBuildRun.RepositoryRoot();
        NewConsoleApp.Write(_folder, "ReadmeExample", CSharpExample(Path.Combine(root, markdown)),
            $"""<ProjectReference Include="{Path.Combine(root, "src", "SamClr.MLNet", "SamClr.MLNet.csproj")}" />""");
        var (exitCode, output) = DotnetCli.Run(_folder, TimeSpan.FromMinutes(5), "build", "-c", "Release", "-nologo");
        Assert.True(exitCode == 0, $"The example of {markdown} does not compile:\n{output}");
    }
}
