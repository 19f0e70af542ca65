using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace SamClr.MLNet.Tests.Build;

/// <summary>The README's C# example compiles as pasted into a new console app (its using directives included).</summary>
[Collection(SequentialCollection.Name)]
public class ReadmeExampleTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"samclr-readme-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TheReadmeExampleCompilesAsPasted()
    {
        string root = MSBuildRun.RepositoryRoot();
        var example = Regex.Match(File.ReadAllText(Path.Combine(root, "README.md")), "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(example.Success, "README.md has no C# example.");
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "Program.cs"), example.Groups[1].Value);
        // What `dotnet new console` makes (implicit usings on), plus a reference to the library.
        File.WriteAllText(Path.Combine(_folder, "ReadmeExample.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Path.Combine(root, "src", "SamClr.MLNet", "SamClr.MLNet.csproj")}" />
              </ItemGroup>
            </Project>
            """);
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var argument in new[] { "build", "-c", "Release", "-nologo" }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(limit.Token);
        Assert.True(process.ExitCode == 0, $"The README example does not compile:\n{await output}{await error}");
    }
}
